#include "testkit/http_client.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <curl/curl.h>

namespace tally::testkit {

namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        std::string value = line.substr(colon + 1);
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
        headers->emplace_back(std::move(name), std::move(value));
    } else if (line.starts_with("HTTP/")) {
        headers->clear();  // a 100 Continue came first
    }
    return size * count;
}

}  // namespace

std::optional<std::string> HttpResult::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

boost::json::value HttpResult::json() const {
    return boost::json::parse(body);
}

HttpClient::HttpClient(std::string base_url)
    : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
    if (curl_ == nullptr) {
        throw std::runtime_error("curl_easy_init failed");
    }
}

HttpClient::~HttpClient() {
    if (curl_ != nullptr) {
        curl_easy_cleanup(static_cast<CURL*>(curl_));
    }
}

HttpClient::HttpClient(HttpClient&& other) noexcept
    : base_url_(std::move(other.base_url_)),
      curl_(std::exchange(other.curl_, nullptr)),
      default_headers_(std::move(other.default_headers_)) {}

HttpResult HttpClient::request(const std::string& method, const std::string& path,
                               const std::optional<std::string>& body,
                               const std::vector<std::string>& headers) {
    CURL* curl = static_cast<CURL*>(curl_);
    curl_easy_reset(curl);
    HttpResult result;
    const std::string url = base_url_ + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
    if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    }
    curl_slist* list = nullptr;
    for (const auto& line : default_headers_) {
        list = curl_slist_append(list, line.c_str());
    }
    for (const auto& line : headers) {
        list = curl_slist_append(list, line.c_str());
    }
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
        bool has_type = false;
        for (const auto& line : headers) {
            has_type = has_type || line.starts_with("Content-Type:");
        }
        if (!has_type) {
            list = curl_slist_append(list, "Content-Type: application/json");
        }
        list = curl_slist_append(list, "Expect:");
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (code != CURLE_OK) {
        throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(code));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

}  // namespace tally::testkit
