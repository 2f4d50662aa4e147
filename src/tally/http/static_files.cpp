#include "tally/http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "tally/core/embedded_file.hpp"

namespace tally::http {

std::vector<core::EmbeddedFile> embedded_web_files();

namespace {

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::string_view embedded_index() {
    static const auto files = embedded_web_files();
    for (const auto& file : files) {
        if (file.name == "index.html") {
            return file.content;
        }
    }
    return "<!doctype html><title>Tally</title>";
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::string_view content_type_for(std::string_view path) {
    const auto dot = path.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot);
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".json")
        return "application/json";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".png")
        return "image/png";
    if (ext == ".ico")
        return "image/x-icon";
    if (ext == ".woff2")
        return "font/woff2";
    if (ext == ".wav")
        return "audio/wav";
    if (ext == ".mp3")
        return "audio/mpeg";
    return "application/octet-stream";
}

Response StaticFiles::serve(std::string_view path) const {
    if (!root_.empty()) {
        namespace fs = std::filesystem;
        const fs::path root = fs::weakly_canonical(root_);
        std::string relative(path);
        while (!relative.empty() && relative.front() == '/') {
            relative.erase(0, 1);
        }
        const fs::path wanted = fs::weakly_canonical(root / relative);
        // Refuse anything that escapes the root (../ in the path).
        const auto [root_end, wanted_it] = std::mismatch(root.begin(), root.end(), wanted.begin());
        const bool inside = root_end == root.end();
        std::error_code ec;
        if (inside && !relative.empty() && fs::is_regular_file(wanted, ec)) {
            if (auto content = read_file(wanted)) {
                Response response{.content_type = std::string(content_type_for(wanted.string())),
                                  .body = std::move(*content)};
                // Vite names built assets by content hash, so they never change.
                if (relative.starts_with("assets/")) {
                    response.headers.emplace_back("Cache-Control",
                                                  "public, max-age=31536000, immutable");
                }
                return response;
            }
        }
        if (auto index = read_file(root / "index.html")) {
            return Response{.content_type = "text/html; charset=utf-8",
                            .headers = {{"Cache-Control", "no-cache"}},
                            .body = std::move(*index)};
        }
    }
    return Response{.content_type = "text/html; charset=utf-8",
                    .headers = {{"Cache-Control", "no-cache"}},
                    .body = std::string(embedded_index())};
}

}  // namespace tally::http
