#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace tally::testkit {

struct HttpResult {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
    std::string body;

    [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
    // The body parsed as JSON; throws when it is not JSON.
    [[nodiscard]] boost::json::value json() const;
};

// A keep-alive HTTP client over libcurl, for tests against a server on loopback.
class HttpClient {
  public:
    explicit HttpClient(std::string base_url);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&& other) noexcept;

    // Sent with every request: e.g. "Authorization: Bearer ..." or "Cookie: ...".
    void set_header(std::string line) { default_headers_.push_back(std::move(line)); }
    void clear_headers() { default_headers_.clear(); }

    HttpResult request(const std::string& method, const std::string& path,
                       const std::optional<std::string>& body = std::nullopt,
                       const std::vector<std::string>& headers = {});
    HttpResult get(const std::string& path, const std::vector<std::string>& headers = {}) {
        return request("GET", path, std::nullopt, headers);
    }
    HttpResult post(const std::string& path, const std::string& body,
                    const std::vector<std::string>& headers = {}) {
        return request("POST", path, body, headers);
    }

  private:
    std::string base_url_;
    void* curl_ = nullptr;
    std::vector<std::string> default_headers_;
};

}  // namespace tally::testkit
