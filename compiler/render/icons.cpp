#include "render/icons.hpp"

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "archc_assets.hpp"
#include "layout/text_metrics.hpp"
#include "render/style.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"

namespace archc::render {

std::string_view icon_symbol(std::string_view name) {
  if (name.empty()) return {};
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return {};
  }
  std::string_view icons = archc::generated::assets::k_icons_svg;
  std::string key = "<symbol id=\"icon-" + std::string(name) + "\"";
  std::size_t at = icons.find(key);
  if (at == std::string_view::npos) return {};
  std::size_t end = icons.find("</symbol>", at);
  return icons.substr(at, end + 9 - at);
}

std::string render_icon_sheet(const model::Diagram& stdlib) {
  constexpr double kCell = 150, kRow = 64, kColumns = 6, kHeading = 30;
  std::string body;
  std::set<std::string> icons;
  double y = kMargin;
  for (const model::Diagram::Module& m : stdlib.modules) {
    std::vector<const model::Kind*> kinds;
    for (const model::Kind& k : stdlib.kinds) {
      if (k.module == m.id) kinds.push_back(&k);
    }
    if (kinds.empty()) continue;
    body += "<text class=\"legend-text\" x=\"" + fmt(kMargin) + "\" y=\"" + fmt(y + 18) +
            "\" font-size=\"15\" font-weight=\"bold\">" + xml_escape(m.id) + "</text>\n";
    y += kHeading;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const model::Kind& k = *kinds[i];
      std::string icon = icon_symbol(k.icon).empty() ? "box" : k.icon;
      icons.insert(icon);
      double x = kMargin + static_cast<double>(i % static_cast<std::size_t>(kColumns)) * kCell;
      double top = y + static_cast<double>(i / static_cast<std::size_t>(kColumns)) * kRow;
      body += "<g class=\"node\" data-kind=\"" + xml_escape(k.id) + "\"><title>" + xml_escape(k.description) + "</title>";
      body += "<rect class=\"badge\" " + attr_box(x, top, 28, 28) + " rx=\"7\"/>";
      body += "<use class=\"icon\" href=\"#icon-" + icon + "\" " + attr_box(x + 3, top + 3, 22, 22) + "/>";
      body += "<text class=\"label\" x=\"" + fmt(x + 36) + "\" y=\"" + fmt(top + 13) + "\" font-size=\"12\" font-weight=\"bold\">" +
              xml_escape(layout::fit_text(k.id, 12, true, kCell - 42)) + "</text>";
      body += "<text class=\"kind\" x=\"" + fmt(x + 36) + "\" y=\"" + fmt(top + 27) + "\" font-size=\"10\">" +
              xml_escape(layout::fit_text(k.icon, 10, false, kCell - 42)) + "</text></g>\n";
    }
    y += std::ceil(static_cast<double>(kinds.size()) / kColumns) * kRow + 8;
  }
  double width = 2 * kMargin + kColumns * kCell, height = y + kMargin;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"archc\" viewBox=\"0 0 " + fmt(width) + " " +
                    fmt(height) + "\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) +
                    "\" role=\"img\" aria-labelledby=\"archc-icons-title\" font-family=\"" + xml_escape(layout::kFontFamily) +
                    "\">\n<title id=\"archc-icons-title\">The standard library's kinds and their icons</title>\n<defs>\n<style>\n" +
                    std::string(diagram_css()) + "</style>\n";
  for (const std::string& icon : icons) out += std::string(icon_symbol(icon)) + "\n";
  out += "</defs>\n<rect class=\"background\" width=\"100%\" height=\"100%\"/>\n" + body + "</svg>\n";
  return out;
}

}  // namespace archc::render
