#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"

namespace tally::identity {

// One change, who made it and when. Written in the same transaction as the change.
struct AuditEntry {
    std::int64_t id = 0;
    core::TimestampMs at = 0;
    std::optional<UserId> actor_id;  // empty for the system
    std::string actor;
    std::string action;       // "user.create", "token.revoke", ...
    std::string entity_type;  // "user", "api_token", ...
    std::string entity_id;
    std::string detail = "{}";  // a JSON object
};

struct AuditFilter {
    std::optional<std::string> entity_type;
    std::optional<std::string> entity_id;
    std::optional<std::string> actor;
    std::int64_t before_id = 0;  // cursor: entries older than this id; 0 for the newest
    int limit = 50;
};

// All SQL for the audit log, which is append-only.
class AuditRepo {
  public:
    static void insert(db::Tx& tx, const AuditEntry& entry);
    // Newest first.
    [[nodiscard]] static std::vector<AuditEntry> list(db::Tx& tx, const AuditFilter& filter);
};

// Writes one audit row for `actor` at `now`.
void record_audit(db::Tx& tx, const Principal& actor, core::TimestampMs now, std::string action,
                  std::string entity_type, std::string entity_id, std::string detail = "{}");

}  // namespace tally::identity
