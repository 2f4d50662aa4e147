#include "tally/http/static_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "tally/core/embedded_file.hpp"
#include "tally/http/problem.hpp"

namespace tally::http {

std::vector<core::EmbeddedFile> embedded_web_files();

namespace {

// The web app loads its scripts, styles and fonts from this server alone; barcode images
// and scanner sounds may be data: or blob: URLs (the camera stream is a srcObject).
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// The embedded files by path ("index.html", "assets/index-abc123.js").
const std::unordered_map<std::string_view, std::string_view>& embedded() {
    static const auto files = [] {
        std::unordered_map<std::string_view, std::string_view> by_name;
        for (const auto& file : embedded_web_files()) {
            by_name.emplace(file.name, file.content);
        }
        return by_name;
    }();
    return files;
}

// A path that names a file (an asset, a favicon) rather than a page of the app: when it
// is missing, the answer is 404, not the app's index page.
bool names_a_file(std::string_view relative) {
    const auto slash = relative.rfind('/');
    const auto last = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
    return relative.starts_with("assets/") || last.find('.') != std::string_view::npos;
}

Response file_response(std::string_view relative, std::string content) {
    Response response{.content_type = content_type_for(relative), .body = std::move(content)};
    // Vite names built assets by content hash, so they never change.
    response.headers.emplace_back("Cache-Control", relative.starts_with("assets/")
                                                       ? "public, max-age=31536000, immutable"
                                                       : "no-cache");
    response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Referrer-Policy", "same-origin");
    return response;
}

// A path the root cannot be left by: no "." or ".." segment (the path arrives
// percent-decoded, so "%2e%2e" is one too), no backslash, no NUL.
bool safe_relative(std::string_view relative) {
    if (relative.find('\\') != std::string_view::npos ||
        relative.find('\0') != std::string_view::npos) {
        return false;
    }
    std::size_t start = 0;
    while (start <= relative.size()) {
        const auto end = std::min(relative.find('/', start), relative.size());
        const auto segment = relative.substr(start, end - start);
        if (segment == "." || segment == "..") {
            return false;
        }
        start = end + 1;
    }
    return true;
}

// Whether `wanted` is `root` or below it, compared segment by segment.
bool inside(const std::filesystem::path& root, const std::filesystem::path& wanted) {
    const auto [root_end, wanted_it] =
        std::mismatch(root.begin(), root.end(), wanted.begin(), wanted.end());
    return root_end == root.end();
}

Response not_found(std::string_view relative) {
    return problem(404, "There is no file at /" + std::string(relative) + ".");
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
    std::string relative(path);
    while (!relative.empty() && relative.front() == '/') {
        relative.erase(0, 1);
    }
    if (!safe_relative(relative)) {
        return problem(400, "The path may not hold '.' or '..' segments or backslashes.",
                       {{"path", "has a '.' or '..' segment or a backslash"}});
    }
    if (root_.empty()) {
        const auto& files = embedded();
        if (const auto found = files.find(relative); found != files.end() && !relative.empty()) {
            return file_response(relative, std::string(found->second));
        }
        if (names_a_file(relative)) {
            return not_found(relative);
        }
        const auto index = files.find("index.html");
        return file_response("index.html", index == files.end()
                                               ? std::string("<!doctype html><title>Tally</title>")
                                               : std::string(index->second));
    }
    namespace fs = std::filesystem;
    fs::path root = fs::weakly_canonical(root_);
    if (root.filename().empty()) {
        root = root.parent_path();  // "web/dist/": compare without the empty last segment
    }
    const fs::path wanted = fs::weakly_canonical(root / relative);
    // A symbolic link may still lead out of the root: refuse what resolves outside it.
    std::error_code ec;
    if (inside(root, wanted) && !relative.empty() && fs::is_regular_file(wanted, ec)) {
        if (auto content = read_file(wanted)) {
            return file_response(relative, std::move(*content));
        }
    }
    if (names_a_file(relative)) {
        return not_found(relative);
    }
    if (auto index = read_file(root / "index.html")) {
        return file_response("index.html", std::move(*index));
    }
    return problem(404, "The web app is not at " + root_ + " (no index.html).");
}

}  // namespace tally::http
