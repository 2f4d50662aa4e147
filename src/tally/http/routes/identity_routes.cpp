#include "tally/http/routes/identity_routes.hpp"

#include <charconv>

#include <boost/json.hpp>

#include "tally/http/api.hpp"
#include "tally/http/json.hpp"
#include "tally/http/problem.hpp"
#include "tally/http/routes/route_helpers.hpp"

namespace tally::identity {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const User& user) {
    out = {{"id", user.id.value},
           {"username", user.username},
           {"role", to_string(user.role)},
           {"warehouse", user.warehouse ? boost::json::value(*user.warehouse) : nullptr},
           {"active", user.active},
           {"created_at", core::format_iso8601(user.created_at)},
           {"updated_at", core::format_iso8601(user.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Principal& who) {
    out = {{"id", who.id.value},
           {"username", who.username},
           {"role", to_string(who.role)},
           {"warehouse", who.warehouse ? boost::json::value(*who.warehouse) : nullptr},
           {"auth", who.kind == AuthKind::session ? "session" : "token"}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ApiToken& token) {
    out = {
        {"id", token.id.value},
        {"user", token.username},
        {"name", token.name},
        {"prefix", token.prefix},
        {"created_at", core::format_iso8601(token.created_at)},
        {"revoked_at",
         token.revoked_at ? boost::json::value(core::format_iso8601(*token.revoked_at)) : nullptr}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const AuditEntry& entry) {
    boost::system::error_code ec;
    auto detail = boost::json::parse(entry.detail, ec);
    out = {{"id", entry.id},
           {"at", core::format_iso8601(entry.at)},
           {"actor", entry.actor},
           {"action", entry.action},
           {"entity_type", entry.entity_type},
           {"entity_id", entry.entity_id},
           {"detail", ec ? boost::json::value(entry.detail) : detail}};
}

}  // namespace tally::identity

namespace tally::http {

namespace {

std::string session_cookie(const std::string& value, int max_age_s, bool secure) {
    return std::string(kSessionCookie) + "=" + value +
           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
           (secure ? "; Secure" : "");
}

std::string username_param(const Request& request) {
    return path_param(request, "username");
}

}  // namespace

void register_identity_routes(Router& router, identity::IdentityService& identity,
                              SessionCookieOptions cookie) {
    router.add({.method = "POST",
                .pattern = "/api/v1/sessions",
                .is_public = true,
                .summary = "Sign in with a user name and password; sets the session cookie",
                .handler = [&identity, cookie](Request& request, const RequestContext&) {
                    auto body = parse_json_object(request);
                    if (!body) {
                        return problem(body.error());
                    }
                    core::FieldErrors errors;
                    JsonReader reader(*body, errors);
                    identity::LoginRequest login{.username = reader.required_string("username"),
                                                 .password = reader.required_string("password"),
                                                 .client_address = request.client_address};
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    auto result = identity.login(login);
                    if (!result) {
                        return problem(result.error());
                    }
                    Response response = json_response(
                        201, boost::json::object{
                                 {"user", boost::json::value_from(result->user)},
                                 {"expires_at", core::format_iso8601(result->expires_at)}});
                    response.headers.emplace_back(
                        "Set-Cookie",
                        session_cookie(result->session_token, cookie.max_age_s, cookie.secure));
                    return response;
                }});

    router.add({.method = "DELETE",
                .pattern = "/api/v1/sessions/current",
                .roles = kAnyRole,
                .summary = "Sign out: ends the session of the cookie",
                .handler = [&identity, cookie](Request& request, const RequestContext&) {
                    if (auto token = request.cookie(kSessionCookie)) {
                        if (auto ended = identity.logout(std::string(*token)); !ended) {
                            return problem(ended.error());
                        }
                    }
                    Response response{.status = 204, .content_type = "application/json"};
                    response.headers.emplace_back("Set-Cookie",
                                                  session_cookie("", 0, cookie.secure));
                    return response;
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/me",
                .roles = kAnyRole,
                .summary = "Who the caller is",
                .handler = [](Request&, const RequestContext& context) {
                    return json_response(200, context.user());
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/users",
                .roles = kAdminOnly,
                .summary = "List users",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    auto users = identity.list_users(context.user(), paging->cursor, paging->limit);
                    if (!users) {
                        return problem(users.error());
                    }
                    return page(*users, static_cast<std::size_t>(paging->limit),
                                [](const identity::User& u) { return u.id.value; });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/users",
                .roles = kAdminOnly,
                .summary = "Create a user",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    auto body = parse_json_object(request);
                    if (!body) {
                        return problem(body.error());
                    }
                    core::FieldErrors errors;
                    JsonReader reader(*body, errors);
                    identity::CreateUserRequest create{
                        .username = reader.required_string("username"),
                        .password = reader.required_string("password"),
                        .role = reader.required_string("role"),
                        .warehouse = reader.optional_string("warehouse")};
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    return from_result(201, identity.create_user(context.user(), create));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/users/{username}",
                .roles = kAdminOnly,
                .summary = "One user",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    return from_result(200,
                                       identity.get_user(context.user(), username_param(request)));
                }});

    router.add({.method = "PATCH",
                .pattern = "/api/v1/users/{username}",
                .roles = kAdminOnly,
                .summary = "Change a user's role, warehouse, password or active flag",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    auto body = parse_json_object(request);
                    if (!body) {
                        return problem(body.error());
                    }
                    core::FieldErrors errors;
                    JsonReader reader(*body, errors);
                    identity::UpdateUserRequest update{
                        .role = reader.optional_string("role"),
                        .warehouse = reader.optional_string("warehouse"),
                        .active = reader.optional_bool("active"),
                        .password = reader.optional_string("password")};
                    // "warehouse": null clears the scope.
                    if (const auto* w = body->if_contains("warehouse"); w && w->is_null()) {
                        update.warehouse = "";
                    }
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    return from_result(
                        200, identity.update_user(context.user(), username_param(request), update));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/users/{username}/tokens",
                .roles = kAdminOnly,
                .summary = "A user's API tokens (never the secrets)",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    auto tokens = identity.list_tokens(context.user(), username_param(request));
                    if (!tokens) {
                        return problem(tokens.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*tokens)}});
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/users/{username}/tokens",
                .roles = kAdminOnly,
                .summary = "Create an API token; the secret is in this answer only",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    std::string name;
                    if (!request.body.empty()) {
                        auto body = parse_json_object(request);
                        if (!body) {
                            return problem(body.error());
                        }
                        core::FieldErrors errors;
                        JsonReader reader(*body, errors);
                        name = reader.optional_string("name").value_or("");
                        if (!errors.empty()) {
                            return problem(errors.to_error().error());
                        }
                    }
                    auto created =
                        identity.create_token(context.user(), username_param(request), name);
                    if (!created) {
                        return problem(created.error());
                    }
                    auto body = boost::json::value_from(created->token).as_object();
                    body["token"] = created->secret;
                    return json_response(201, body);
                }});

    router.add({.method = "DELETE",
                .pattern = "/api/v1/tokens/{id}",
                .roles = kAdminOnly,
                .summary = "Revoke an API token",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    const auto text = request.param("id").value_or("");
                    std::int64_t id = 0;
                    const auto [end, ec] =
                        std::from_chars(text.data(), text.data() + text.size(), id);
                    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
                        return problem(400, "The token id must be a positive integer.",
                                       {{"id", "must be a positive integer"}});
                    }
                    if (auto revoked = identity.revoke_token(context.user(), identity::TokenId{id});
                        !revoked) {
                        return problem(revoked.error());
                    }
                    return Response{.status = 204};
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/audit",
                .roles = kManagers,
                .summary = "The audit log, newest first",
                .handler = [&identity](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    identity::AuditFilter filter{.before_id = paging->cursor,
                                                 .limit = paging->limit};
                    if (auto v = request.query_param("entity_type")) {
                        filter.entity_type = std::string(*v);
                    }
                    if (auto v = request.query_param("entity_id")) {
                        filter.entity_id = std::string(*v);
                    }
                    if (auto v = request.query_param("actor")) {
                        filter.actor = std::string(*v);
                    }
                    auto entries = identity.audit(context.user(), filter);
                    if (!entries) {
                        return problem(entries.error());
                    }
                    return page(*entries, static_cast<std::size_t>(paging->limit),
                                [](const identity::AuditEntry& e) { return e.id; });
                }});
}

}  // namespace tally::http
