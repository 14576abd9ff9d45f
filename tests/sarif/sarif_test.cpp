// `archc check --format sarif` against SARIF 2.1.0, without the network: a structural
// validator of every object archc writes, written from the OASIS schema
// (sarif-schema-2.1.0.json, definitions sarifLog, run, tool, toolComponent,
// reportingDescriptor, reportingConfiguration, multiformatMessageString, result, message,
// location, physicalLocation, artifactLocation, region, fix, artifactChange, replacement,
// artifactContent). For each it checks what the schema says: the type, the properties it
// allows (the schema forbids additional properties on all of them), the required ones, the
// enums, integer minimums, array minItems and uniqueItems, and the `uri`/`uri-reference`
// formats. Property bags and objects archc never writes are accepted by name only.
// On top of the schema it checks what the SARIF spec asks of consistent logs: `ruleIndex`
// names the descriptor of `ruleId`, regions do not end before they start.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/driver.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

class Validator {
 public:
  std::vector<std::string> errors;

  void log(const Json& j) {
    const std::string p = "$";
    if (!object(j, p, {"$schema", "version", "runs", "inlineExternalProperties", "properties"}, {"version", "runs"}))
      return;
    if (j.contains("$schema")) uri(j["$schema"], p + ".$schema", true);
    if (j["version"] != "2.1.0") fail(p + ".version", "must be \"2.1.0\"");
    array(j["runs"], p + ".runs", 0, false, [&](const Json& r, const std::string& rp) { run(r, rp); });
  }

 private:
  void fail(const std::string& path, const std::string& what) { errors.push_back(path + ": " + what); }

  bool object(const Json& j, const std::string& path, std::set<std::string> allowed,
              const std::vector<std::string>& required) {
    if (!j.is_object()) {
      fail(path, "must be an object");
      return false;
    }
    for (const auto& [key, value] : j.items()) {
      if (!allowed.count(key)) fail(path, "has a property the schema does not allow: `" + key + "`");
    }
    for (const std::string& key : required) {
      if (!j.contains(key)) fail(path, "lacks the required property `" + key + "`");
    }
    return true;
  }

  template <typename Each>
  void array(const Json& j, const std::string& path, std::size_t min_items, bool unique, Each each) {
    if (!j.is_array()) {
      fail(path, "must be an array");
      return;
    }
    if (j.size() < min_items) fail(path, "needs at least " + std::to_string(min_items) + " items");
    if (unique) {
      std::set<std::string> seen;
      for (const Json& item : j) {
        if (!seen.insert(item.dump()).second) fail(path, "items must be unique");
      }
    }
    for (std::size_t i = 0; i < j.size(); ++i) each(j[i], path + "[" + std::to_string(i) + "]");
  }

  void string(const Json& j, const std::string& path) {
    if (!j.is_string()) fail(path, "must be a string");
  }

  void integer(const Json& j, const std::string& path, long long minimum) {
    if (!j.is_number_integer()) {
      fail(path, "must be an integer");
    } else if (j.get<long long>() < minimum) {
      fail(path, "must be at least " + std::to_string(minimum));
    }
  }

  void one_of(const Json& j, const std::string& path, const std::set<std::string>& values) {
    if (!j.is_string() || !values.count(j.get<std::string>())) fail(path, "is not one of the enum's values: " + j.dump());
  }

  // RFC 3986: a URI (`format: uri`, absolute, with a scheme) or a URI reference.
  void uri(const Json& j, const std::string& path, bool absolute) {
    if (!j.is_string()) return fail(path, "must be a string");
    const std::string s = j.get<std::string>();
    static const std::string kAllowed =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%";
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (kAllowed.find(s[i]) == std::string::npos) return fail(path, "has a character a URI cannot hold: " + s);
      if (s[i] == '%' && (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
                          !std::isxdigit(static_cast<unsigned char>(s[i + 2]))))
        return fail(path, "has a bad percent-encoding: " + s);
    }
    std::size_t colon = s.find(':');
    std::size_t slash = s.find_first_of("/?#");
    bool has_scheme = colon != std::string::npos && (slash == std::string::npos || colon < slash) && colon > 0 &&
                      std::isalpha(static_cast<unsigned char>(s[0]));
    if (absolute && !has_scheme) fail(path, "must be an absolute URI: " + s);
    // A relative reference whose first segment holds a colon would read as a scheme.
    if (!absolute && !has_scheme && colon != std::string::npos && (slash == std::string::npos || colon < slash))
      fail(path, "is a relative reference with a colon in its first segment: " + s);
    if (s.empty() && absolute) fail(path, "must not be empty");
  }

  void run(const Json& j, const std::string& p) {
    if (!object(j, p,
                {"tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
                 "artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates",
                 "baselineGuid", "redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences",
                 "columnKind", "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
                 "translations", "policies", "webRequests", "webResponses", "specialLocations", "properties"},
                {"tool"}))
      return;
    if (j.contains("columnKind")) one_of(j["columnKind"], p + ".columnKind", {"utf16CodeUnits", "unicodeCodePoints"});
    const Json* rules = nullptr;
    if (object(j["tool"], p + ".tool", {"driver", "extensions", "properties"}, {"driver"})) {
      tool_component(j["tool"]["driver"], p + ".tool.driver");
      if (j["tool"]["driver"].contains("rules")) rules = &j["tool"]["driver"]["rules"];
    }
    // Results are what a scan is: the spec wants the array present, even when empty.
    if (!j.contains("results")) return fail(p, "lacks `results` (required for a scan)");
    array(j["results"], p + ".results", 0, false, [&](const Json& r, const std::string& rp) { result(r, rp, rules); });
  }

  void tool_component(const Json& j, const std::string& p) {
    if (!object(j, p,
                {"guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
                 "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri",
                 "informationUri", "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language",
                 "contents", "isComprehensive", "localizedDataSemanticVersion",
                 "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata",
                 "supportedTaxonomies", "properties"},
                {"name"}))
      return;
    string(j["name"], p + ".name");
    for (const char* key : {"version", "semanticVersion"}) {
      if (j.contains(key)) string(j[key], p + "." + key);
    }
    if (j.contains("informationUri")) uri(j["informationUri"], p + ".informationUri", true);
    if (j.contains("rules")) {
      array(j["rules"], p + ".rules", 0, true,
            [&](const Json& r, const std::string& rp) { reporting_descriptor(r, rp); });
      std::set<std::string> ids;
      for (const Json& r : j["rules"]) {
        if (r.contains("id") && !ids.insert(r["id"].dump()).second) fail(p + ".rules", "repeats the id " + r["id"].dump());
      }
    }
  }

  void reporting_descriptor(const Json& j, const std::string& p) {
    if (!object(j, p,
                {"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription",
                 "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships",
                 "properties"},
                {"id"}))
      return;
    string(j["id"], p + ".id");
    for (const char* key : {"shortDescription", "fullDescription", "help"}) {
      if (j.contains(key)) multiformat(j[key], p + "." + key);
    }
    if (j.contains("helpUri")) uri(j["helpUri"], p + ".helpUri", true);
    if (j.contains("defaultConfiguration")) {
      const Json& c = j["defaultConfiguration"];
      std::string cp = p + ".defaultConfiguration";
      if (object(c, cp, {"enabled", "level", "rank", "parameters", "properties"}, {})) {
        if (c.contains("level")) one_of(c["level"], cp + ".level", {"none", "note", "warning", "error"});
        if (c.contains("enabled") && !c["enabled"].is_boolean()) fail(cp + ".enabled", "must be a boolean");
      }
    }
  }

  void multiformat(const Json& j, const std::string& p) {
    if (object(j, p, {"text", "markdown", "properties"}, {"text"})) string(j["text"], p + ".text");
  }

  void message(const Json& j, const std::string& p) {
    if (!object(j, p, {"text", "markdown", "id", "arguments", "properties"}, {})) return;
    if (!j.contains("text") && !j.contains("id")) fail(p, "needs `text` or `id`");
    if (j.contains("text")) string(j["text"], p + ".text");
  }

  void result(const Json& j, const std::string& p, const Json* rules) {
    if (!object(j, p,
                {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
                 "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows",
                 "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank",
                 "attachments", "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest",
                 "webResponse", "properties"},
                {"message"}))
      return;
    message(j["message"], p + ".message");
    if (j.contains("ruleId")) string(j["ruleId"], p + ".ruleId");
    if (j.contains("level")) one_of(j["level"], p + ".level", {"none", "note", "warning", "error"});
    if (j.contains("kind")) one_of(j["kind"], p + ".kind", {"notApplicable", "pass", "fail", "review", "open", "informational"});
    if (j.contains("ruleIndex")) {
      integer(j["ruleIndex"], p + ".ruleIndex", -1);
      if (j["ruleIndex"].is_number_integer() && j["ruleIndex"].get<long long>() >= 0) {
        auto i = j["ruleIndex"].get<std::size_t>();
        if (!rules || i >= rules->size()) {
          fail(p + ".ruleIndex", "is past the end of tool.driver.rules");
        } else if (j.contains("ruleId") && (*rules)[i].value("id", "") != j["ruleId"]) {
          fail(p + ".ruleIndex", "names a descriptor whose id is not the result's ruleId");
        }
      }
    }
    if (j.contains("locations")) {
      array(j["locations"], p + ".locations", 0, false, [&](const Json& l, const std::string& lp) { location(l, lp); });
    }
    if (j.contains("fixes")) array(j["fixes"], p + ".fixes", 0, true, [&](const Json& f, const std::string& fp) { fix(f, fp); });
    if (j.contains("relatedLocations")) {
      array(j["relatedLocations"], p + ".relatedLocations", 0, true,
            [&](const Json& l, const std::string& lp) { location(l, lp); });
    }
  }

  void location(const Json& j, const std::string& p) {
    if (!object(j, p, {"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"}, {}))
      return;
    if (j.contains("message")) message(j["message"], p + ".message");
    if (j.contains("id")) integer(j["id"], p + ".id", -1);
    if (!j.contains("physicalLocation")) return;
    const Json& pl = j["physicalLocation"];
    std::string pp = p + ".physicalLocation";
    if (!object(pl, pp, {"address", "artifactLocation", "region", "contextRegion", "properties"}, {})) return;
    if (!pl.contains("address") && !pl.contains("artifactLocation")) fail(pp, "needs `address` or `artifactLocation`");
    if (pl.contains("artifactLocation")) artifact_location(pl["artifactLocation"], pp + ".artifactLocation");
    if (pl.contains("region")) region(pl["region"], pp + ".region");
    if (pl.contains("contextRegion")) region(pl["contextRegion"], pp + ".contextRegion");
  }

  void artifact_location(const Json& j, const std::string& p) {
    if (!object(j, p, {"uri", "uriBaseId", "index", "description", "properties"}, {})) return;
    if (j.contains("uri")) uri(j["uri"], p + ".uri", false);
    if (j.contains("uriBaseId")) string(j["uriBaseId"], p + ".uriBaseId");
    if (j.contains("index")) integer(j["index"], p + ".index", -1);
  }

  void region(const Json& j, const std::string& p) {
    if (!object(j, p,
                {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset",
                 "byteLength", "snippet", "message", "sourceLanguage", "properties"},
                {}))
      return;
    for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"}) {
      if (j.contains(key)) integer(j[key], p + "." + key, 1);
    }
    for (const char* key : {"charOffset", "byteOffset"}) {
      if (j.contains(key)) integer(j[key], p + "." + key, -1);
    }
    for (const char* key : {"charLength", "byteLength"}) {
      if (j.contains(key)) integer(j[key], p + "." + key, 0);
    }
    if (j.contains("snippet")) artifact_content(j["snippet"], p + ".snippet");
    // A text region starts at a line (SARIF §3.30.2); it cannot end before it starts.
    if (!j.contains("startLine")) return fail(p, "lacks `startLine`");
    long long sl = j.value("startLine", 1), el = j.value("endLine", sl);
    long long sc = j.value("startColumn", 1), ec = j.value("endColumn", sc);
    if (el < sl || (el == sl && ec < sc)) fail(p, "ends before it starts");
  }

  void artifact_content(const Json& j, const std::string& p) {
    if (!object(j, p, {"text", "binary", "rendered", "properties"}, {})) return;
    if (j.contains("text")) string(j["text"], p + ".text");
    if (j.contains("rendered")) multiformat(j["rendered"], p + ".rendered");
  }

  void fix(const Json& j, const std::string& p) {
    if (!object(j, p, {"description", "artifactChanges", "properties"}, {"artifactChanges"})) return;
    if (j.contains("description")) message(j["description"], p + ".description");
    array(j["artifactChanges"], p + ".artifactChanges", 1, true, [&](const Json& c, const std::string& cp) {
      if (!object(c, cp, {"artifactLocation", "replacements", "properties"}, {"artifactLocation", "replacements"}))
        return;
      artifact_location(c["artifactLocation"], cp + ".artifactLocation");
      array(c["replacements"], cp + ".replacements", 1, false, [&](const Json& r, const std::string& rp) {
        if (!object(r, rp, {"deletedRegion", "insertedContent", "properties"}, {"deletedRegion"})) return;
        region(r["deletedRegion"], rp + ".deletedRegion");
        if (r.contains("insertedContent")) artifact_content(r["insertedContent"], rp + ".insertedContent");
      });
    });
  }
};

std::string errors_of(const Validator& v) {
  std::string out;
  for (const std::string& e : v.errors) out += "  " + e + "\n";
  return out;
}

// Runs `archc check --format sarif ARGS…` in process, in `dir`.
struct SarifRun {
  int status = 0;
  Json log;
  std::string err;
};

SarifRun check_sarif(const fs::path& dir, std::vector<std::string> files) {
  std::vector<std::string> args{"archc", "check", "--format", "sarif"};
  args.insert(args.end(), files.begin(), files.end());
  std::ostringstream out, err;
  archc::cli::Env env{out, err, false};
  fs::path cwd = fs::current_path();
  fs::current_path(dir);
  SarifRun r;
  r.status = archc::cli::run(args, env);
  fs::current_path(cwd);
  r.err = err.str();
  r.log = Json::parse(out.str());  // throws, and fails the test, on anything but one document
  return r;
}

class Sarif : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archc-sarif-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  static void expect_valid(const Json& log) {
    Validator v;
    v.log(log);
    EXPECT_TRUE(v.errors.empty()) << "not valid SARIF 2.1.0:\n" << errors_of(v) << log.dump(2);
  }
  fs::path dir_;
};

TEST_F(Sarif, RuleViolationsWithFixesAndWarnings) {
  write("cloud.arch",
        "kafka kafka\nflink flink\nservice jobs\nprometheus prometheus\n"
        "connect(kafka, flink) \"orders\"\nconnect(jobs, prometheus)\n");
  SarifRun r = check_sarif(dir_, {"cloud.arch"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  expect_valid(r.log);
  const Json& run = r.log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "archc");
  ASSERT_EQ(run["results"].size(), 2u);
  const Json& error = run["results"][0];
  EXPECT_EQ(error["ruleId"], "consumers-dial-brokers");
  EXPECT_EQ(error["level"], "error");
  const Json& region = error["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region, (Json{{"startLine", 5}, {"startColumn", 1}, {"endLine", 5}, {"endColumn", 31}}));
  EXPECT_EQ(error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "cloud.arch");
  const Json& replacement = error["fixes"][0]["artifactChanges"][0]["replacements"][0];
  EXPECT_EQ(replacement["deletedRegion"], region);
  EXPECT_EQ(replacement["insertedContent"]["text"], "connect('flink', 'kafka') \"orders\"");
  EXPECT_EQ(run["results"][1]["level"], "warning");
  // The rule's text is its short description, its severity its default level.
  const Json& rule = run["tool"]["driver"]["rules"][error["ruleIndex"].get<std::size_t>()];
  EXPECT_EQ(rule["shortDescription"]["text"],
            "a broker never opens connections to its clients; consumers and producers dial it");
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
}

TEST_F(Sarif, CleanExampleHasEveryStdlibRuleAndNoResult) {
  fs::copy_file(fs::path(ARCHC_EXAMPLES_DIR) / "cloud_platform.arch", dir_ / "cloud_platform.arch");
  SarifRun r = check_sarif(dir_, {"cloud_platform.arch"});
  EXPECT_EQ(r.status, 0);
  expect_valid(r.log);
  EXPECT_TRUE(r.log["runs"][0]["results"].empty());
  std::set<std::string> ids;
  for (const Json& rule : r.log["runs"][0]["tool"]["driver"]["rules"]) ids.insert(rule["id"]);
  for (const char* id : {"consumers-dial-brokers", "databases-never-dial-clients", "prometheus-pulls"})
    EXPECT_TRUE(ids.count(id)) << id;
}

TEST_F(Sarif, CodesUserRulesMultiLineSpansAndOddFileNames) {
  write("syntax.arch", "kafka kafka\nconnect(kafka\n");
  write("user rule.arch",
        "rule no-paging {\n  forbid connect(service, person)\n}\nservice s\nperson p\nconnect(s, p)\n");
  write("caf\xC3\xA9:dir/multi.arch", "kafka kafka\nflink flink\nconnect(kafka, flink) {\n  stream: true\n}\n");
  write("unknown.arch", "service api { allow: [no-such-rule] }\n");
  std::string absolute = (dir_ / "abs.arch").string();
  write("abs.arch", "kafka kafka\nflink flink\nconnect(kafka, flink)\n");
  SarifRun r = check_sarif(dir_, {"syntax.arch", "user rule.arch", "caf\xC3\xA9:dir/multi.arch", "unknown.arch",
                                  absolute, "missing.arch"});
  EXPECT_EQ(r.status, 2);  // a file that cannot be read is an I/O error
  expect_valid(r.log);
  std::set<std::string> uris, rule_ids;
  for (const Json& res : r.log["runs"][0]["results"]) {
    uris.insert(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]);
    rule_ids.insert(res["ruleId"]);
  }
  EXPECT_TRUE(uris.count("user%20rule.arch"));
  EXPECT_TRUE(uris.count("caf%C3%A9%3Adir/multi.arch"));
  EXPECT_TRUE(uris.count("missing.arch"));
  EXPECT_TRUE(uris.count("file://" + absolute)) << r.log.dump(2);
  for (const char* id : {"syntax", "no-paging", "consumers-dial-brokers", "unknown-rule", "io-error"})
    EXPECT_TRUE(rule_ids.count(id)) << id;
}

// Every SARIF golden (tests/cases/*.expected holding a SARIF log) is valid too.
TEST(SarifGoldens, AreValid) {
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(ARCHC_CASES_DIR)) {
    if (entry.path().extension() != ".expected") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("\"version\": \"2.1.0\"") == std::string::npos) continue;
    ++seen;
    Json log = Json::parse(text.str());
    Validator v;
    v.log(log);
    EXPECT_TRUE(v.errors.empty()) << entry.path() << ":\n" << errors_of(v);
  }
  EXPECT_GT(seen, 0);
}

// The validator itself catches what it is there to catch.
TEST(SarifValidator, RejectsWhatTheSchemaForbids) {
  auto errors = [](const std::string& text) {
    Validator v;
    v.log(Json::parse(text));
    return v.errors.size();
  };
  const std::string tool = R"("tool": {"driver": {"name": "archc"}})";
  EXPECT_EQ(errors(R"({"version": "2.1.0", "runs": [{)" + tool + R"(, "results": []}]})"), 0u);
  EXPECT_GT(errors(R"({"version": "2.0.0", "runs": []})"), 0u);
  EXPECT_GT(errors(R"({"version": "2.1.0", "runs": [{)" + tool + R"(, "results": [], "extra": 1}]})"), 0u);
  EXPECT_GT(errors(R"({"version": "2.1.0", "runs": [{)" + tool + R"(, "results": [{"level": "fatal", "message": {"text": "x"}}]}]})"), 0u);
  EXPECT_GT(errors(R"({"version": "2.1.0", "runs": [{)" + tool + R"(, "results": [{"message": {}}]}]})"), 0u);
  EXPECT_GT(errors(R"({"version": "2.1.0", "runs": [{)" + tool +
                   R"(, "results": [{"message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b"}, "region": {"startLine": 0}}}]}]}]})"),
            1u);
  EXPECT_GT(errors(R"({"version": "2.1.0", "runs": [{)" + tool +
                   R"(, "results": [{"message": {"text": "x"}, "fixes": [{"artifactChanges": []}]}]}]})"),
            0u);
  EXPECT_GT(errors(R"({"version": "2.1.0", "runs": [{)" + tool + R"(, "results": [{"message": {"text": "x"}, "ruleId": "a", "ruleIndex": 0}]}]})"),
            0u);
}

}  // namespace
