// The three readings of a DiagramDiff: text for a terminal, JSON for tools, Markdown for a
// pull-request comment.

#include <nlohmann/json.hpp>

#include "diff/diff.hpp"
#include "source/printer.hpp"
#include "source/utf8.hpp"

namespace archc::diff {

namespace {

using Json = nlohmann::ordered_json;

const char* change_name(Change c) {
  switch (c) {
    case Change::Added: return "added";
    case Change::Removed: return "removed";
    case Change::Changed: return "changed";
  }
  return "changed";
}

const char* sign(Change c) { return c == Change::Added ? "+" : c == Change::Removed ? "-" : "~"; }

std::string quoted(const std::string& s) { return s.empty() ? "none" : "\"" + s + "\""; }

// `node kafka (kafka) "Kafka"`, `connect(a, b) "label"`, `group g "Label"`, `layer v2`.
std::string element(const ElementChange& e) {
  if (e.type == "connection") return "connect(" + e.from + ", " + e.to + ")" + (e.label.empty() ? "" : " \"" + e.label + "\"");
  if (e.type == "node") return "node " + e.id + " (" + e.kind + ")" + (e.label == e.id ? "" : " \"" + e.label + "\"");
  if (e.type == "scenario") return "scenario " + e.id + (e.label.empty() ? "" : " \"" + e.label + "\"") + (e.kind.empty() ? "" : " in " + e.kind);
  if (e.type == "view") return "view " + e.id + (e.label == e.id ? "" : " \"" + e.label + "\"") + " of " + e.kind;
  return e.type + " " + e.id + (e.label.empty() || e.label == e.id ? "" : " \"" + e.label + "\"");
}

// A changed element by its name alone: `node kafka`, `connect(a, b)`.
std::string name(const ElementChange& e) {
  if (e.type == "connection") return "connect(" + e.from + ", " + e.to + ")";
  return e.type + " " + e.id;
}

std::string fields(const std::vector<FieldChange>& f) {
  std::string out;
  for (const FieldChange& c : f) out += (out.empty() ? "" : ", ") + c.field + " " + quoted(c.before) + " → " + quoted(c.after);
  return out;
}

std::string line(const ElementChange& e) {
  if (e.type == "layer") return "~ " + fields(e.fields);
  if (e.change != Change::Changed) return std::string(sign(e.change)) + " " + element(e);
  return "~ " + name(e) + (e.fields.empty() ? "" : ": " + fields(e.fields));
}

std::string layer_heading(const LayerChanges& l) {
  std::string what = "layer " + l.layer + (l.title.empty() ? "" : " \"" + l.title + "\"");
  if (l.change == Change::Added)
    return "+ " + what + (l.extends.empty() ? ", new:" : " (extends " + l.extends + "), which changes " + l.extends + ":");
  if (l.change == Change::Removed) return "- " + what;
  return what + ":";
}

struct Counts {
  int added = 0, removed = 0, changed = 0;
};

Counts count(const std::vector<ElementChange>& elements) {
  Counts c;
  for (const ElementChange& e : elements) (e.change == Change::Added ? c.added : e.change == Change::Removed ? c.removed : c.changed)++;
  return c;
}

// Every string of the diff made printable, for the formats a person reads: a label may hold
// any character its escapes spell (`\u{1b}`), and a file name in a location any byte.
DiagramDiff printable_diff(DiagramDiff d) {
  auto fix = [](std::string& s) { s = printable(s); };
  auto fix_fields = [&](std::vector<FieldChange>& fields) {
    for (FieldChange& f : fields) fix(f.field), fix(f.before), fix(f.after);
  };
  auto fix_element = [&](ElementChange& e) {
    for (std::string* s : {&e.type, &e.id, &e.from, &e.to, &e.kind, &e.label}) fix(*s);
    fix_fields(e.fields);
    for (std::string& step : e.steps_removed) fix(step);
    for (std::string& step : e.steps_added) fix(step);
    for (std::string& node : e.nodes_removed) fix(node);
    for (std::string& node : e.nodes_added) fix(node);
  };
  fix_fields(d.diagram);
  for (LayerChanges& l : d.layers) {
    fix(l.layer), fix(l.title), fix(l.extends);
    for (ElementChange& e : l.elements) fix_element(e);
  }
  for (ElementChange& s : d.scenarios) fix_element(s);
  for (ElementChange& v : d.views) fix_element(v);
  for (RuleChange& r : d.rules) fix(r.name), fix(r.message), fix(r.where);
  return d;
}

bool shown(const LayerChanges& l) { return l.change != Change::Changed || !l.elements.empty(); }

const char* severity(source::Severity s) { return s == source::Severity::Error ? "error" : "warning"; }

Json element_json(const ElementChange& e) {
  Json j;
  j["change"] = change_name(e.change);
  j["type"] = e.type;
  if (e.type == "connection") {
    j["from"] = e.from;
    j["to"] = e.to;
  } else {
    j["id"] = e.id;
  }
  if (e.type == "node") j["kind"] = e.kind;
  if (e.type == "scenario" || e.type == "view") {
    j["title"] = e.label;
    j["layer"] = e.kind;
  } else if (e.type != "layer") {
    j["label"] = e.label;
  }
  if (e.change == Change::Changed) {
    Json f = Json::array();
    for (const FieldChange& c : e.fields) f.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
    j["fields"] = f;
  }
  if (e.type == "scenario" && e.change == Change::Changed) j["steps"] = {{"removed", e.steps_removed}, {"added", e.steps_added}};
  if (e.type == "view" && e.change == Change::Changed) j["nodes"] = {{"removed", e.nodes_removed}, {"added", e.nodes_added}};
  return j;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const std::size_t valid = source::find_invalid_utf8(text).value_or(text.size());
    out += source::printable_line(text.substr(0, valid));
    if (valid == text.size()) break;
    static constexpr char kHex[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(text[valid]);
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
    text.remove_prefix(valid + 1);
  }
  return out;
}

std::string to_text(const DiagramDiff& diff, const std::string& before_name, const std::string& after_name) {
  const DiagramDiff d = printable_diff(diff);
  const std::string before = printable(before_name), after = printable(after_name);
  if (d.empty()) return "no changes: " + before + " and " + after + " describe the same architecture\n";
  std::string out;
  for (const FieldChange& f : d.diagram) out += "~ " + f.field + ": " + quoted(f.before) + " → " + quoted(f.after) + "\n";
  for (const LayerChanges& l : d.layers) {
    if (!shown(l)) continue;
    out += layer_heading(l) + "\n";
    for (const ElementChange& e : l.elements) out += "  " + line(e) + "\n";
  }
  if (!d.scenarios.empty()) out += "scenarios:\n";
  for (const ElementChange& s : d.scenarios) {
    out += "  " + line(s) + "\n";
    for (const std::string& step : s.steps_removed) out += "      - " + step + "\n";
    for (const std::string& step : s.steps_added) out += "      + " + step + "\n";
  }
  if (!d.views.empty()) out += "views:\n";
  for (const ElementChange& v : d.views) {
    out += "  " + line(v) + "\n";
    for (const std::string& node : v.nodes_removed) out += "      - shows " + node + "\n";
    for (const std::string& node : v.nodes_added) out += "      + shows " + node + "\n";
  }
  if (!d.rules.empty()) out += "rule violations:\n";
  for (const RuleChange& r : d.rules) {
    out += std::string("  ") + (r.introduced ? "+ introduced " : "- fixed ") + severity(r.severity) + "[" + r.name + "]" +
           (r.where.empty() ? "" : " " + r.where) + ": " + r.message + "\n";
  }
  return out;
}

std::string to_json(const DiagramDiff& d, const std::string& before, const std::string& after) {
  Json j;
  // File names may hold any byte; JSON holds UTF-8 only.
  j["before"] = printable(before);
  j["after"] = printable(after);
  j["equivalent"] = d.empty();
  Json diagram = Json::array();
  for (const FieldChange& f : d.diagram) diagram.push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
  j["diagram"] = diagram;
  Json layers = Json::array();
  Counts total;
  for (const LayerChanges& l : d.layers) {
    if (!shown(l)) continue;
    Json layer{{"id", l.layer}, {"change", change_name(l.change)}, {"title", l.title}};
    layer["extends"] = l.extends.empty() ? Json(nullptr) : Json(l.extends);
    Json elements = Json::array();
    for (const ElementChange& e : l.elements) elements.push_back(element_json(e));
    layer["elements"] = elements;
    layers.push_back(layer);
    Counts c = count(l.elements);
    total.added += c.added, total.removed += c.removed, total.changed += c.changed;
  }
  j["layers"] = layers;
  Json scenarios = Json::array();
  for (const ElementChange& s : d.scenarios) scenarios.push_back(element_json(s));
  j["scenarios"] = scenarios;
  Json views = Json::array();
  for (const ElementChange& v : d.views) views.push_back(element_json(v));
  j["views"] = views;
  Json rules = Json::array();
  int introduced = 0, fixed = 0;
  for (const RuleChange& r : d.rules) {
    (r.introduced ? introduced : fixed)++;
    rules.push_back({{"change", r.introduced ? "introduced" : "fixed"},
                     {"rule", r.name},
                     {"severity", severity(r.severity)},
                     {"message", r.message},
                     {"location", printable(r.where)}});
  }
  j["rules"] = rules;
  j["summary"] = {{"added", total.added}, {"removed", total.removed}, {"changed", total.changed},
                  {"scenarios", d.scenarios.size()}, {"views", d.views.size()}, {"rules_introduced", introduced}, {"rules_fixed", fixed}};
  // Every name from outside the input is printable already; should a string still hold a byte
  // that is not UTF-8, it is replaced rather than thrown over.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string to_markdown(const DiagramDiff& diff, const std::string& before_name, const std::string& after_name) {
  const DiagramDiff d = printable_diff(diff);
  const std::string before = printable(before_name), after = printable(after_name);
  std::string out = "### Architecture changes: `" + before + "` → `" + after + "`\n\n";
  if (d.empty()) return out + "No changes: both describe the same architecture.\n";
  auto code = [](const std::string& s) { return "`" + s + "`"; };
  for (const FieldChange& f : d.diagram) out += "- **" + f.field + "**: " + quoted(f.before) + " → " + quoted(f.after) + "\n";
  if (!d.diagram.empty()) out += "\n";
  out += "| layer | added | removed | changed |\n|---|---:|---:|---:|\n";
  for (const LayerChanges& l : d.layers) {
    if (!shown(l)) continue;
    Counts c = count(l.elements);
    std::string name = code(l.layer) + (l.change == Change::Added ? " (new)" : l.change == Change::Removed ? " (removed)" : "");
    out += "| " + name + " | " + std::to_string(c.added) + " | " + std::to_string(c.removed) + " | " + std::to_string(c.changed) + " |\n";
  }
  int introduced = 0, fixed = 0;
  for (const RuleChange& r : d.rules) (r.introduced ? introduced : fixed)++;
  out += "\n**Rule violations:** " + std::to_string(introduced) + " introduced, " + std::to_string(fixed) + " fixed\n";
  for (const LayerChanges& l : d.layers) {
    if (!shown(l)) continue;
    std::string heading = layer_heading(l).substr(l.change == Change::Changed ? 0 : 2);
    if (heading.ends_with(":")) heading.pop_back();
    out += "\n#### " + heading + "\n\n";
    if (l.change == Change::Removed) out += "The layer is gone.\n";
    for (const ElementChange& e : l.elements) {
      out += "- **" + std::string(change_name(e.change)) + "** " +
             (e.change == Change::Changed ? code(name(e)) + (e.fields.empty() ? "" : ": " + fields(e.fields)) : code(element(e))) + "\n";
    }
  }
  if (!d.scenarios.empty()) out += "\n#### Scenarios\n\n";
  for (const ElementChange& s : d.scenarios) {
    out += "- **" + std::string(change_name(s.change)) + "** " + code(element(s)) + (s.fields.empty() ? "" : ": " + fields(s.fields)) + "\n";
    for (const std::string& step : s.steps_removed) out += "  - removed step " + code(step) + "\n";
    for (const std::string& step : s.steps_added) out += "  - added step " + code(step) + "\n";
  }
  if (!d.views.empty()) out += "\n#### Views\n\n";
  for (const ElementChange& v : d.views) {
    out += "- **" + std::string(change_name(v.change)) + "** " + code(element(v)) + (v.fields.empty() ? "" : ": " + fields(v.fields)) + "\n";
    for (const std::string& node : v.nodes_removed) out += "  - no longer shows " + code(node) + "\n";
    for (const std::string& node : v.nodes_added) out += "  - now shows " + code(node) + "\n";
  }
  if (!d.rules.empty()) out += "\n#### Rule violations\n\n";
  for (const RuleChange& r : d.rules) {
    out += std::string("- **") + (r.introduced ? "introduced" : "fixed") + "** " + severity(r.severity) + " " + code(r.name) +
           (r.where.empty() ? "" : " at " + code(r.where)) + ": " + r.message + "\n";
  }
  return out;
}

}  // namespace archc::diff
