#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tally/http/message.hpp"

namespace tally::http {

// The web UI: files under `root` when set (the built app), else the page built into the
// binary. Paths that name no file get index.html, so the app's deep links work.
class StaticFiles {
  public:
    explicit StaticFiles(std::string root);
    [[nodiscard]] Response serve(std::string_view path) const;

  private:
    std::string root_;
};

[[nodiscard]] std::string_view content_type_for(std::string_view path);

}  // namespace tally::http
