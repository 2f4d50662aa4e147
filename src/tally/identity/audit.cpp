#include "tally/identity/audit.hpp"

#include "tally/db/statement.hpp"

namespace tally::identity {

namespace {

constexpr const char* kInsert =
    "INSERT INTO audit_log (at, actor_user_id, actor, action, entity_type, entity_id, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr const char* kSelect =
    "SELECT id, at, actor_user_id, actor, action, entity_type, entity_id, detail FROM audit_log"
    " WHERE 1 = 1";
// Each filter asked for adds its condition with the next parameter number, so a filtered
// list keeps the index on (entity_type, entity_id); each combination is prepared once.
constexpr const char* kByEntityType = " AND entity_type = $";
constexpr const char* kByEntityId = " AND entity_id = $";
constexpr const char* kByActor = " AND actor = $";
constexpr const char* kBefore = " AND id < $";
constexpr const char* kOrder = " ORDER BY id DESC LIMIT $";

}  // namespace

void AuditRepo::insert(db::Tx& tx, const AuditEntry& entry) {
    db::Query insert(tx, kInsert);
    insert.bind(entry.at)
        .bind(entry.actor_id ? std::optional(entry.actor_id->value) : std::nullopt)
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.entity_type)
        .bind(entry.entity_id)
        .bind(entry.detail)
        .exec();
}

std::vector<AuditEntry> AuditRepo::list(db::Tx& tx, const AuditFilter& filter) {
    std::string sql = kSelect;
    int parameters = 0;
    const auto add = [&](const char* condition) {
        sql += condition;
        sql += std::to_string(++parameters);
    };
    if (filter.entity_type) {
        add(kByEntityType);
    }
    if (filter.entity_id) {
        add(kByEntityId);
    }
    if (filter.actor) {
        add(kByActor);
    }
    if (filter.before_id > 0) {
        add(kBefore);
    }
    add(kOrder);
    db::Query select(tx, sql.c_str());
    for (const auto* value : {&filter.entity_type, &filter.entity_id, &filter.actor}) {
        if (*value) {
            select.bind(**value);
        }
    }
    if (filter.before_id > 0) {
        select.bind(filter.before_id);
    }
    select.bind(filter.limit);
    std::vector<AuditEntry> entries;
    while (select.next()) {
        const auto actor_id = select.optional_int64("actor_user_id");
        entries.push_back(
            AuditEntry{.id = select.int64("id"),
                       .at = select.int64("at"),
                       .actor_id = actor_id ? std::optional(UserId{*actor_id}) : std::nullopt,
                       .actor = select.text("actor"),
                       .action = select.text("action"),
                       .entity_type = select.text("entity_type"),
                       .entity_id = select.text("entity_id"),
                       .detail = select.text("detail")});
    }
    return entries;
}

void record_audit(db::Tx& tx, const Principal& actor, core::TimestampMs now, std::string action,
                  std::string entity_type, std::string entity_id, std::string detail) {
    AuditRepo::insert(
        tx, AuditEntry{.at = now,
                       .actor_id = actor.id.value > 0 ? std::optional(actor.id) : std::nullopt,
                       .actor = actor.username,
                       .action = std::move(action),
                       .entity_type = std::move(entity_type),
                       .entity_id = std::move(entity_id),
                       .detail = std::move(detail)});
}

}  // namespace tally::identity
