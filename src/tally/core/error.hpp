#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::core {

// Expected business outcomes. The HTTP layer maps each to one status in one table.
enum class ErrorCode {
    invalid_argument,
    not_found,
    conflict,
    unauthenticated,
    forbidden,
    rate_limited,
    invalid_transition,
    insufficient_stock,
    unavailable,
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

// One rejected input field: a JSON-pointer-like path ("lines/0/quantity") and the reason.
struct FieldError {
    std::string field;
    std::string reason;

    friend bool operator==(const FieldError&, const FieldError&) = default;
};

// A failure that is safe to show to the caller.
struct Error {
    ErrorCode code = ErrorCode::invalid_argument;
    std::string message;
    std::vector<FieldError> fields;
    // Field errors left out of `fields` past kMaxFieldErrors: the caller is told how many.
    std::size_t fields_omitted = 0;
    // Seconds the caller should wait before retrying (rate_limited), 0 when not set.
    int retry_after_s = 0;
};

template <class T>
using Result = std::expected<T, Error>;

// Result of an operation that returns nothing on success.
using Status = Result<void>;

[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
    return std::unexpected(Error{.code = code, .message = std::move(message)});
}

[[nodiscard]] inline std::unexpected<Error> invalid_field(std::string field, std::string reason) {
    return std::unexpected(Error{.code = ErrorCode::invalid_argument,
                                 .message = "The request has invalid fields.",
                                 .fields = {FieldError{std::move(field), std::move(reason)}}});
}

// A unique-key conflict from the database, said in the caller's words and naming `field`;
// any other result passes through unchanged.
template <class T>
[[nodiscard]] Result<T> name_conflict(Result<T> result, std::string field, std::string message) {
    if (!result && result.error().code == ErrorCode::conflict) {
        return std::unexpected(Error{.code = ErrorCode::conflict,
                                     .message = std::move(message),
                                     .fields = {FieldError{std::move(field), "is already taken"}}});
    }
    return result;
}

// The most field errors one answer names; a file of a million bad rows names the first ones
// and counts the rest, so the answer stays small.
inline constexpr std::size_t kMaxFieldErrors = 100;

// Collects field errors while a request is validated, so every bad field is named at once
// (the first kMaxFieldErrors of them, and how many more there were).
class FieldErrors {
  public:
    void add(std::string field, std::string reason) {
        if (errors_.size() < kMaxFieldErrors) {
            errors_.push_back({std::move(field), std::move(reason)});
        } else {
            ++omitted_;
        }
    }
    [[nodiscard]] bool empty() const { return errors_.empty(); }
    [[nodiscard]] const std::vector<FieldError>& list() const { return errors_; }
    [[nodiscard]] std::unexpected<Error> to_error() const {
        return std::unexpected(Error{.code = ErrorCode::invalid_argument,
                                     .message = "The request has invalid fields.",
                                     .fields = errors_,
                                     .fields_omitted = omitted_});
    }

  private:
    std::vector<FieldError> errors_;
    std::size_t omitted_ = 0;
};

}  // namespace tally::core
