#include "source/load.hpp"


#include "source/utf8.hpp"

namespace archc::source {

std::optional<FileId> add_text(SourceMap& sources, std::string name, std::string_view text,
                               Diagnostics& diags) {
  text = skip_bom(text);
  if (text.size() > kMaxFileBytes) {
    // Offsets are 32-bit, and no diagram is this large: refuse before indexing it.
    diags.error(Code::IoError, {},
                "`" + name + "` is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    return std::nullopt;
  }
  FileId id = sources.add(std::move(name), std::string(text));
  if (auto bad = find_invalid_utf8(text)) {
    auto begin = static_cast<std::uint32_t>(*bad);
    std::string message = "the file is not valid UTF-8";
    std::string help = "save the file as UTF-8";
    if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
      message = "the file is UTF-16, not UTF-8";
    }
    diags.error(Code::InvalidUtf8, Span{id, begin, begin + 1}, message, help);
    return std::nullopt;
  }
  return id;
}

}  // namespace archc::source
