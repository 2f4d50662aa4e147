// What the web app relies on besides the domain routes: the built app served from the
// binary, live change events, and barcode images.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "testkit/raw_socket.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;

class WebHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
};

// `make` builds the web app before the binary, which embeds it.
TEST_P(WebHttpTest, ServesTheEmbeddedAppForDeepLinksAndItsAssetsByName) {
    auto browser = server_.client();
    const auto page = browser.get("/console/orders?status=allocated");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find(R"(<div id="root">)"), std::string::npos) << page.body;
    const auto start = page.body.find(R"(src="/assets/)");
    ASSERT_NE(start, std::string::npos)
        << "the embedded index.html is not the built app: run `make` (scripts/web)";
    const auto script = page.body.substr(start + 5, page.body.find('"', start + 5) - start - 5);
    EXPECT_TRUE(script.ends_with(".js")) << script;

    const auto asset = browser.get(script);
    EXPECT_EQ(asset.status, 200);
    EXPECT_EQ(asset.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(asset.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_GT(asset.body.size(), 1000U);
    EXPECT_EQ(browser.get("/assets/no-such-file.js").status, 404);
    EXPECT_EQ(browser.get("/no-such-icon.png").status, 404);
    EXPECT_EQ(browser.get("/favicon.svg").header("content-type"), "image/svg+xml");
}

TEST_P(WebHttpTest, StreamsEachSuccessfulChangeAsAServerSentEvent) {
    testkit::RawSocket stream(server_.port());
    stream.send("GET /api/v1/events HTTP/1.1\r\nHost: tally\r\nAuthorization: Bearer " +
                server_.token_for(Role::viewer) + "\r\n\r\n");
    // The subscription starts when the request is answered: wait for the head.
    const auto head = stream.read_all(300);
    ASSERT_NE(head.find("200 OK"), std::string::npos) << head;
    EXPECT_NE(head.find("text/event-stream"), std::string::npos) << head;

    ASSERT_EQ(
        admin_
            .post(
                "/api/v1/warehouses",
                R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})")
            .status,
        201);
    EXPECT_EQ(admin_.post("/api/v1/warehouses", R"({"code": ""})").status, 400);
    ASSERT_EQ(admin_.post("/api/v1/warehouses/BER/bins", R"({"code": "A-01"})").status, 201);

    const auto events = stream.read_all(1500);
    EXPECT_NE(events.find("event: change\n"), std::string::npos) << events;
    EXPECT_NE(events.find(R"("route":"POST /api/v1/warehouses","status":201)"), std::string::npos)
        << events;
    EXPECT_NE(events.find(R"("route":"POST /api/v1/warehouses/{code}/bins","status":201,)"
                          R"("params":{"code":"BER"})"),
              std::string::npos)
        << events;
    // A refused change is no change.
    EXPECT_EQ(events.find(R"("status":400)"), std::string::npos) << events;
}

TEST_P(WebHttpTest, AnEventStreamNeedsASignedInUser) {
    EXPECT_EQ(server_.client().get("/api/v1/events").status, 401);
}

TEST_P(WebHttpTest, DrawsBarcodesAsPngAndNamesWhatCannotBeDrawn) {
    const auto code128 = admin_.get("/api/v1/barcodes/image?data=MUG-BLUE-1");
    ASSERT_EQ(code128.status, 200) << code128.body;
    EXPECT_EQ(code128.header("content-type"), "image/png");
    EXPECT_EQ(code128.body.substr(1, 3), "PNG");
    const auto qr = admin_.get("/api/v1/barcodes/image?data=ORD-7&symbology=qr");
    EXPECT_EQ(qr.status, 200);
    EXPECT_NE(qr.body, code128.body);
    EXPECT_EQ(
        admin_.get("/api/v1/barcodes/image?data=%2801%2909506000134352&symbology=gs1_128").status,
        200);

    const auto bad_gs1 = admin_.get("/api/v1/barcodes/image?data=%2801%29123&symbology=gs1_128");
    EXPECT_EQ(bad_gs1.status, 400);
    EXPECT_EQ(bad_gs1.json().at("errors").at(0).at("field").as_string(), "data");
    const auto unknown = admin_.get("/api/v1/barcodes/image?data=X&symbology=ean99");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.json().at("errors").at(0).at("field").as_string(), "symbology");
    EXPECT_EQ(admin_.get("/api/v1/barcodes/image").status, 400);
}

// The second lookup comes from this node's memory on the I/O thread: the same answer.
TEST_P(WebHttpTest, AnswersARepeatedBarcodeLookupFromMemoryWithTheSameBody) {
    ASSERT_EQ(
        admin_
            .post(
                "/api/v1/products",
                R"({"sku": "MUG-01", "name": "Mug", "barcodes": ["9506000134352"], "currency": "EUR"})")
            .status,
        201);
    const auto first = admin_.get("/api/v1/products?barcode=9506000134352");
    ASSERT_EQ(first.status, 200) << first.body;
    const auto again = admin_.get("/api/v1/products?barcode=09506000134352");

    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(again.header("content-type"), "application/json");
    EXPECT_TRUE(again.header("x-request-id").has_value());
    // Who may not read products is still refused, and an unknown code still asks the database.
    EXPECT_EQ(server_.client().get("/api/v1/products?barcode=9506000134352").status, 401);
    EXPECT_EQ(
        admin_.get("/api/v1/products?barcode=4006381333931").json().at("items").as_array().size(),
        0U);
}

INSTANTIATE_TEST_SUITE_P(Engines, WebHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
