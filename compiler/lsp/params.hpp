#pragma once
// The parameters of the methods archc lsp serves, as types, and their decoders. A decoder
// checks every field a handler reads, so that a handler never meets a missing or mistyped
// field: what is wrong is said in our words ("`position.line` is not a whole number"), and
// the server answers it with InvalidParams.

#include <optional>
#include <string>
#include <vector>

#include "lsp/protocol.hpp"

namespace archc::lsp {

struct NoParams {};

struct InitializeParams {
  std::string root;  // the workspace folder's path (the first folder, else rootUri); may be empty
  // The client can watch files for us when we ask (client/registerCapability).
  bool can_watch_files = false;
};

struct DocumentParams {
  std::string uri;
};

struct PositionParams {
  std::string uri;
  Position position;
};

struct ReferenceParams : PositionParams {
  bool include_declaration = true;  // `context.includeDeclaration` (required by the protocol; true when absent)
};

struct RenameParams {
  std::string uri;
  Position position;
  std::string new_name;
};

struct CodeActionParams {
  std::string uri;
  Position start, end;  // the range asked about (the cursor, a selection)
  // The diagnostics the client sent back (each an object; what else they hold is read with
  // care by the handler, they are ours only in part).
  std::vector<Json> diagnostics;
};

struct InlayHintParams {
  std::string uri;
  Position start, end;
};

struct WorkspaceSymbolParams {
  std::string query;
};

struct DidOpenParams {
  std::string uri;
  std::string text;
  int version = 0;
};

struct TextChange {
  std::optional<std::pair<Position, Position>> range;  // none: the whole text
  std::string text;
};

struct DidChangeParams {
  std::string uri;
  std::optional<int> version;
  std::vector<TextChange> changes;
};

struct WatchedFilesParams {
  std::vector<std::string> uris;  // created, changed or deleted
};

struct CancelParams {
  Json id;  // a number or a string
};

// Each decoder fills `out` and returns "" when `params` has the shape, else the first thing
// wrong with it.
std::string decode(const Json& params, NoParams& out);
std::string decode(const Json& params, InitializeParams& out);
std::string decode(const Json& params, DocumentParams& out);
std::string decode(const Json& params, PositionParams& out);
std::string decode(const Json& params, ReferenceParams& out);
std::string decode(const Json& params, RenameParams& out);
std::string decode(const Json& params, CodeActionParams& out);
std::string decode(const Json& params, InlayHintParams& out);
std::string decode(const Json& params, WorkspaceSymbolParams& out);
std::string decode(const Json& params, DidOpenParams& out);
std::string decode(const Json& params, DidChangeParams& out);
std::string decode(const Json& params, WatchedFilesParams& out);
std::string decode(const Json& params, CancelParams& out);

}  // namespace archc::lsp
