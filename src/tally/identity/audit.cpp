#include "tally/identity/audit.hpp"

#include <soci/soci.h>

#include "tally/db/statement.hpp"

namespace tally::identity {

namespace {

constexpr const char* kInsert =
    "INSERT INTO audit_log (at, actor_user_id, actor, action, entity_type, entity_id, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr const char* kSelect =
    "SELECT id, at, actor_user_id, actor, action, entity_type, entity_id, detail FROM audit_log"
    " WHERE 1 = 1";
constexpr const char* kByEntityType = " AND entity_type = :entity_type";
constexpr const char* kByEntityId = " AND entity_id = :entity_id";
constexpr const char* kByActor = " AND actor = :actor";
constexpr const char* kBefore = " AND id < :before";
constexpr const char* kOrder = " ORDER BY id DESC LIMIT :limit";

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
    AuditEntry row;
    long long id = 0;
    long long at = 0;
    long long actor_id = 0;
    soci::indicator actor_ind = soci::i_null;
    long long before = filter.before_id;
    int limit = filter.limit;

    std::string query = kSelect;
    soci::statement st(tx.sql());
    st.exchange(soci::into(id));
    st.exchange(soci::into(at));
    st.exchange(soci::into(actor_id, actor_ind));
    st.exchange(soci::into(row.actor));
    st.exchange(soci::into(row.action));
    st.exchange(soci::into(row.entity_type));
    st.exchange(soci::into(row.entity_id));
    st.exchange(soci::into(row.detail));
    if (filter.entity_type) {
        query += kByEntityType;
        st.exchange(soci::use(*filter.entity_type));
    }
    if (filter.entity_id) {
        query += kByEntityId;
        st.exchange(soci::use(*filter.entity_id));
    }
    if (filter.actor) {
        query += kByActor;
        st.exchange(soci::use(*filter.actor));
    }
    if (filter.before_id > 0) {
        query += kBefore;
        st.exchange(soci::use(before));
    }
    query += kOrder;
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    std::vector<AuditEntry> entries;
    while (st.fetch()) {
        row.id = id;
        row.at = at;
        row.actor_id = actor_ind == soci::i_ok ? std::optional(UserId{actor_id}) : std::nullopt;
        entries.push_back(row);
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
