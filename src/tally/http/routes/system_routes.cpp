#include "tally/http/routes/system_routes.hpp"

#include <vector>

#include <boost/json.hpp>

#include "tally/core/embedded_file.hpp"
#include "tally/db/migrations.hpp"
#include "tally/http/json.hpp"
#include "tally/http/problem.hpp"

namespace tally::http {

std::vector<core::EmbeddedFile> embedded_api_documents();

std::string_view openapi_document() {
    static const auto files = embedded_api_documents();
    for (const auto& file : files) {
        if (file.name == "openapi.json") {
            return file.content;
        }
    }
    return "{}";
}

void register_system_routes(Router& router, db::Database& db, int expected_schema_version,
                            const Metrics& metrics) {
    router.add({.method = "GET",
                .pattern = "/health",
                .is_public = true,
                .inline_io = true,
                .summary = "The process is up and serving",
                .handler = [](Request&, const RequestContext&) {
                    return Response{.body = R"({"status":"ok"})"};
                }});

    router.add({.method = "GET",
                .pattern = "/ready",
                .is_public = true,
                .summary = "The database is reachable and migrated",
                .handler = [&db, expected_schema_version](Request&, const RequestContext&) {
                    const auto version = db::schema_version(db);
                    if (!version) {
                        return problem(503, "The database is not reachable.");
                    }
                    if (*version != expected_schema_version) {
                        return problem(503, "The database is at schema version " +
                                                std::to_string(*version) + ", expected " +
                                                std::to_string(expected_schema_version) + ".");
                    }
                    return json_response(200, boost::json::object{{"status", "ready"},
                                                                  {"schema_version", *version}});
                }});

    router.add({.method = "GET",
                .pattern = "/metrics",
                .roles = {identity::Role::admin, identity::Role::manager},
                .inline_io = false,
                .summary = "Prometheus metrics",
                .handler = [&metrics, &db](Request&, const RequestContext&) {
                    std::string body = metrics.render();
                    if (db.engine() == db::Engine::sqlite) {
                        // Group commit: writes per batch is writes / batches.
                        body +=
                            "# HELP tally_db_write_batches_total SQLite write batches"
                            " committed (one fsync each).\n"
                            "# TYPE tally_db_write_batches_total counter\n"
                            "tally_db_write_batches_total " +
                            std::to_string(db.write_batches()) +
                            "\n# HELP tally_db_writes_total Write transactions committed in"
                            " those batches.\n"
                            "# TYPE tally_db_writes_total counter\n"
                            "tally_db_writes_total " +
                            std::to_string(db.writes_committed()) + "\n";
                    }
                    return Response{.content_type = "text/plain; version=0.0.4; charset=utf-8",
                                    .body = std::move(body)};
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/openapi.json",
                .is_public = true,
                .inline_io = true,
                .summary = "This API's OpenAPI 3.1 description",
                .handler = [](Request&, const RequestContext&) {
                    return Response{.body = std::string(openapi_document())};
                }});
}

}  // namespace tally::http
