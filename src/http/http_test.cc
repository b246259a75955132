// Tests for http. The helpers (URL/HTML encoding, Router, Response factories) are tested
// directly; the pipeline is tested end to end: a real Server on 127.0.0.1 with port 0 and a fake
// Gatekeeper, driven by a synchronous Beast client or, for broken HTTP, raw bytes on a socket.
// Handlers count their calls so a test can prove a refused request never reached one.
#include "http/http.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "http/form.h"
#include "http/templates.h"
#include "http/pipeline.h"

namespace klang::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
constexpr std::string_view kCsrfThai =
    "คำขอไม่ผ่านการตรวจสอบความปลอดภัย (CSRF) กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง";

// ---------------------------------------------------------------------------------------------
// Helpers without a server.

TEST(Form, UrlDecode) {
  EXPECT_EQ(UrlDecode("a+b%20c%2Fd"), "a b c/d");
  EXPECT_EQ(UrlDecode("%E0%B8%81"), "ก");
  EXPECT_EQ(UrlDecode("100%"), "100%");  // lenient: not an escape
  EXPECT_EQ(UrlDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(DecodePath("/a+b/%2e%2e"), "/a+b/..");
  EXPECT_EQ(DecodePath("/bad%zz"), std::nullopt);
  EXPECT_EQ(DecodePath("/nul%00"), std::nullopt);
  EXPECT_EQ(UrlEncode("/me?x=ก b"), "%2Fme%3Fx%3D%E0%B8%81%20b");
}

TEST(Form, ParseUrlEncodedKeepsOrderAndRepeats) {
  const auto fields = ParseUrlEncoded("a=1&b=x+y&&a=%33&flag");
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], std::make_pair(std::string("a"), std::string("1")));
  EXPECT_EQ(fields[1], std::make_pair(std::string("b"), std::string("x y")));
  EXPECT_EQ(fields[2], std::make_pair(std::string("a"), std::string("3")));
  EXPECT_EQ(fields[3], std::make_pair(std::string("flag"), std::string()));
}

TEST(Form, HtmlEscape) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'ก'&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;ก&#39;&amp;&lt;/a&gt;");
}

TEST(RequestTest, FormFieldsAndNegotiation) {
  Request request;
  request.body = "line=1&line=2&_csrf=t&name=%E0%B8%81";
  EXPECT_EQ(request.FormValues("line"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(request.FormValue("name"), "ก");
  EXPECT_EQ(request.FormValue("missing"), "");
  // The body is decoded once per request, so each Content-Type gets a request of its own.
  Request json_request;
  json_request.body = request.body;
  json_request.headers["content-type"] = "application/json";
  EXPECT_TRUE(json_request.FormFields().empty());
  Request form_request;
  form_request.body = request.body;
  form_request.headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
  EXPECT_EQ(form_request.FormValue("_csrf"), "t");

  EXPECT_FALSE(request.WantsHtml());  // no Accept: an API client
  request.headers["accept"] =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";
  EXPECT_TRUE(request.WantsHtml());
  request.headers["accept"] = "application/json";
  EXPECT_FALSE(request.WantsHtml());
  request.headers["accept"] = "*/*";
  EXPECT_FALSE(request.WantsHtml());
  request.headers["accept"] = "application/json, text/html;q=0.5";
  EXPECT_FALSE(request.WantsHtml());
  request.headers["hx-request"] = "true";
  EXPECT_TRUE(request.IsHtmx());
  request.query["q"] = "x";
  EXPECT_EQ(request.QueryParam("q"), "x");
  EXPECT_EQ(request.QueryParam("r", "fallback"), "fallback");
}

TEST(RequestTest, BodyIsDecodedOnceAndShared) {
  Request request;
  request.headers["content-type"] = "application/json";
  request.body = R"({"a": [1, 2], "b": "ข"})";
  const nlohmann::json& first = request.JsonBody();
  EXPECT_EQ(first["b"], "ข");
  EXPECT_EQ(&first, &request.JsonBody());  // the same decoding, not a second parse
  const auto& fields = request.FormFields();
  EXPECT_TRUE(fields.empty());
  EXPECT_EQ(&fields, &request.FormFields());
  Request copy = request;  // a copy shares what was decoded
  EXPECT_EQ(&copy.JsonBody(), &first);
  Request broken;
  broken.body = "{\"a\": [1,";
  EXPECT_TRUE(broken.JsonBody().is_discarded());
  Request form;
  form.body = "a=1&a=2";
  EXPECT_TRUE(form.JsonBody().is_discarded());
  EXPECT_EQ(form.FormValues("a"), (std::vector<std::string>{"1", "2"}));
}

TEST(RequestTest, DeepOrHugeJsonIsNotDecoded) {
  auto decode = [](std::string body) {
    Request request;
    request.headers["content-type"] = "application/json";
    request.body = std::move(body);
    return !request.JsonBody().is_discarded();
  };
  auto nested = [](size_t depth) {
    return "{\"x\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  EXPECT_TRUE(decode(nested(kJsonDepthMax)));
  EXPECT_FALSE(decode(nested(kJsonDepthMax + 1)));
  EXPECT_FALSE(decode("{\"x\":" + std::string(4'000'000, '[')));  // the probe's 8 MB body
  // Brackets inside strings are text, not nesting.
  EXPECT_TRUE(decode("{\"x\": \"" + std::string(1000, '[') + "\\\"[\"}"));
  std::string wide = "[0";
  for (size_t i = 1; i < kJsonElementsMax; ++i) wide += ",0";
  EXPECT_TRUE(decode(wide + "]"));
  EXPECT_FALSE(decode(wide + ",0,0]"));
}

TEST(ResponseTest, ProblemCarriesStableCodeThaiTitleAndField) {
  const Response response = Response::Problem(
      Status::InvalidInput("gl.unbalanced", "เดบิตไม่เท่ากับเครดิต", "debits 10 != credits 9", "lines"));
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "https://klang.example/problems/gl.unbalanced");
  EXPECT_EQ(body["title"], "เดบิตไม่เท่ากับเครดิต");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["detail"], "debits 10 != credits 9");
  EXPECT_EQ(body["code"], "gl.unbalanced");
  EXPECT_EQ(body["field"], "lines");
  EXPECT_FALSE(nlohmann::json::parse(Response::Problem(Status::NotFound("x.y", "ไม่พบ")).body)
                   .contains("field"));
  EXPECT_EQ(Response::Problem(Status::Ok()).status, 500);
}

TEST(ResponseTest, HttpStatusForEveryCode) {
  EXPECT_EQ(HttpStatusFor(Status::InvalidInput("x.y", "")), 422);
  EXPECT_EQ(HttpStatusFor(Status::InvalidInput("http.malformed", "")), 400);
  EXPECT_EQ(HttpStatusFor(Status::NotFound("x.y", "")), 404);
  EXPECT_EQ(HttpStatusFor(Status::Conflict("x.y", "")), 409);
  EXPECT_EQ(HttpStatusFor(Status::PermissionDenied("x.y", "")), 403);
  EXPECT_EQ(HttpStatusFor(Status::Error(ErrorCode::kUnauthenticated, "x.y", "")), 401);
  EXPECT_EQ(HttpStatusFor(Status::Unavailable("x.y", "")), 503);
  EXPECT_EQ(HttpStatusFor(Status::Internal("x.y", "")), 500);
}

TEST(ResponseTest, DownloadNamesThaiFilesTwice) {
  const Response response =
      Response::Download("%PDF", "application/pdf", "งบทดลอง 2567 \"final\".pdf");
  EXPECT_EQ(response.Header("content-disposition"),
            "attachment; filename=\"_ 2567 _final_.pdf\"; filename*=UTF-8''"
            "%E0%B8%87%E0%B8%9A%E0%B8%97%E0%B8%94%E0%B8%A5%E0%B8%AD%E0%B8%87%202567%20%22final"
            "%22.pdf");
  EXPECT_TRUE(Response::Inline("x", "application/pdf", "a\r\nb.pdf")
                  .Header("Content-Disposition")
                  .starts_with("inline; filename=\"ab.pdf\""));
}

TEST(ResponseTest, CookiesAreStrict) {
  Response response;
  response.SetCookie("klang_session", "abc123", {.secure = true, .max_age_seconds = 3600});
  response.SetCookie("klang_session", "", {.max_age_seconds = 0});
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].second,
            "klang_session=abc123; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(response.headers[1].second,
            "klang_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

TEST(RouterTest, LiteralBeatsParameterAndHeadFallsBackToGet) {
  Router router;
  auto text = [](std::string body) { return [body](Request&) { return Response::Text(body); }; };
  router.Add("GET", "/orgs/{org}/vouchers/{seq}", {.permission = "gl.read", .org_param = "org"},
             text("show"), "accounting");
  router.Add("GET", "/orgs/{org}/vouchers/new", {.permission = "gl.create"}, text("new"));
  router.Add("POST", "/orgs/{org}/vouchers", {}, text("create"));
  router.Add("GET", "/", {.public_route = true}, text("home"));
  EXPECT_EQ(router.routes().size(), 4u);

  auto match = router.Find("GET", "/orgs/7/vouchers/12");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/orgs/{org}/vouchers/{seq}");
  EXPECT_EQ(match.route->module, "accounting");
  EXPECT_EQ(match.params, (std::map<std::string, std::string>{{"org", "7"}, {"seq", "12"}}));
  EXPECT_EQ(router.Find("GET", "/orgs/7/vouchers/new").route->pattern, "/orgs/{org}/vouchers/new");
  EXPECT_EQ(router.Find("HEAD", "/orgs/7/vouchers/new").route->method, "GET");
  EXPECT_NE(router.Find("GET", "/").route, nullptr);

  match = router.Find("DELETE", "/orgs/7/vouchers");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.method_mismatch);
  EXPECT_EQ(router.AllowedMethods("/orgs/7/vouchers"), (std::vector<std::string>{"POST"}));
  EXPECT_EQ(router.AllowedMethods("/orgs/7/vouchers/1"), (std::vector<std::string>{"GET", "HEAD"}));

  for (const char* path : {"/orgs/7/vouchers/", "/orgs//vouchers/1", "/orgs/7", "", "orgs"}) {
    match = router.Find("GET", path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_FALSE(match.method_mismatch) << path;
  }
}

TEST(RouterDeathTest, RejectsAmbiguousAndMalformedPatterns) {
  Router router;
  const Handler handler = [](Request&) { return Response::Text("x"); };
  router.Add("GET", "/a/{x}", {}, handler);
  EXPECT_DEATH(router.Add("GET", "/a/{y}", {}, handler), "ambiguous");
  EXPECT_DEATH(router.Add("GET", "/b/x{y}", {}, handler), "literal");
  EXPECT_DEATH(router.Add("GET", "/c/{org}", {.org_param = "organisation"}, handler), "org_param");
  EXPECT_DEATH(router.Add("GET", "/d", {.public_route = true, .permission = "p"}, handler),
               "public");
}

// ---------------------------------------------------------------------------------------------
// Client side.

struct Reply {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string Code() const {
    const auto json = Json();
    return json.is_object() && json.contains("code") ? json["code"].get<std::string>() : "";
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One keep-alive connection.
class Client {
 public:
  // `from`: the local address to connect from (any of 127.0.0.0/8 reaches the server on
  // 127.0.0.1), so one test can be several clients.
  explicit Client(uint16_t port, const char* from = "127.0.0.1") : stream_(io_) {
    stream_.socket().open(tcp::v4());
    stream_.socket().bind(tcp::endpoint(asio::ip::make_address(from), 0));
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  Reply Send(const std::string& method, const std::string& target, const Headers& headers = {},
             const std::string& body = "") {
    bhttp::request<bhttp::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.insert(name, value);
    if (!body.empty() || method == "POST") {
      request.body() = body;
      request.prepare_payload();
    }
    bhttp::write(stream_, request);
    return Receive(method == "HEAD");
  }

  Reply Receive(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(head);
    bhttp::read(stream_, buffer_, parser);
    Reply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    for (const auto& field : parser.get()) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers.emplace(name, std::string(field.value()));
    }
    reply.body = parser.get().body();
    return reply;
  }

  // True when the server has closed the connection (EOF) rather than leaving it open.
  bool ClosedByServer() {
    beast::error_code error;
    char byte;
    stream_.socket().read_some(asio::buffer(&byte, 1), error);
    return error == asio::error::eof || error == asio::error::connection_reset;
  }

  tcp::socket& socket() { return stream_.socket(); }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;  // bytes read past one response belong to the next
};

Reply Fetch(uint16_t port, const std::string& method, const std::string& target,
            const Headers& headers = {}, const std::string& body = "") {
  Client client(port);
  return client.Send(method, target, headers, body);
}

// Writes raw bytes and returns everything the server sends until it closes (or `wait` passes).
std::string RawExchange(uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  timeval timeout{.tv_sec = static_cast<time_t>(wait.count() / 1000),
                  .tv_usec = static_cast<suseconds_t>((wait.count() % 1000) * 1000)};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  asio::write(socket, asio::buffer(bytes));
  std::string received;
  char chunk[4096];
  beast::error_code error;
  while (true) {
    const size_t n = socket.read_some(asio::buffer(chunk), error);
    if (error) break;
    received.append(chunk, n);
  }
  return received;
}

const Headers kJson = {{"Accept", "application/json"}};
const Headers kBrowser = {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};
Headers With(Headers headers, std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return headers;
}
const Headers kAlice = With(kJson, "Cookie", "theme=dark; session=alice");

// ---------------------------------------------------------------------------------------------
// The fake Gatekeeper: session cookie "alice" (home organisation 7, may do everything there
// except "gl.forbidden"), "pending" (must change password), "down" (store unavailable),
// "throws" (Authenticate throws).

class FakeGatekeeper : public Gatekeeper {
 public:
  struct AuthorizeCall {
    std::string permission;
    std::optional<int64_t> org_id;
  };

  Result<std::shared_ptr<const Identity>> Authenticate(const Request& request) override {
    const auto session = request.cookies.find("session");
    const std::string name = session == request.cookies.end() ? "" : session->second;
    if (name == "alice" || name == "pending") {
      auto identity = std::make_shared<Identity>();
      identity->user_id = 1;
      identity->org_id = 7;
      identity->username = name;
      identity->csrf_token = "csrf-" + name;
      identity->must_change_password = name == "pending";
      return std::shared_ptr<const Identity>(identity);
    }
    if (name == "down") return Status::Unavailable("auth.store_down", "session store is down");
    if (name == "throws") throw std::runtime_error("the gatekeeper broke");
    return Status::Error(ErrorCode::kUnauthenticated, "auth.no_session", "กรุณาเข้าสู่ระบบ",
                         "no valid session");
  }

  Status Authorize(const Identity& identity, std::string_view permission,
                   std::optional<int64_t> org_id) override {
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({std::string(permission), org_id});
    }
    if (permission == "gl.forbidden" || (org_id && *org_id != identity.org_id)) {
      return Status::PermissionDenied("auth.denied", "ท่านไม่มีสิทธิ์ทำรายการนี้", "not allowed");
    }
    return Status::Ok();
  }

  std::vector<AuthorizeCall> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::vector<AuthorizeCall> calls_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto count = [this](Response response) {
      return [this, response](Request&) {
        ++calls_;
        return response;
      };
    };
    router_.Add("GET", "/api/v1/orgs/{org}/vouchers/{seq}",
                {.permission = "gl.read", .org_param = "org"}, [](Request& request) {
                  return Response::Json({{"org", request.PathParam("org")},
                                         {"seq", request.PathParam("seq")},
                                         {"user", request.identity->username}});
                });
    router_.Add("GET", "/api/v1/orgs/{org}/vouchers/new",
                {.permission = "gl.read", .org_param = "org"},
                [](Request&) { return Response::Text("new voucher form"); });
    router_.Add("POST", "/api/v1/orgs/{org}/vouchers",
                {.permission = "gl.voucher.create", .org_param = "org"}, [this](Request& request) {
                  ++calls_;
                  return Response::Json({{"memo", request.FormValue("memo")}}, 201);
                });
    router_.Add("POST", "/forbidden", {.permission = "gl.forbidden"},
                count(Response::Text("should not run")));
    router_.Add("GET", "/orgs/{org}/summary", {.org_param = "org"},
                count(Response::Text("summary")));
    router_.Add("GET", "/me", {},
                [](Request& request) { return Response::Text(request.identity->username); });
    router_.Add("GET", "/password", {.allow_password_change_pending = true},
                [](Request&) { return Response::Html("<form>เปลี่ยนรหัสผ่าน</form>"); });
    router_.Add("GET", "/public/hello", {.public_route = true}, [](Request& request) {
      return Response::Text("hello " + request.QueryParam("name", "world"));
    });
    router_.Add("POST", "/public/echo", {.public_route = true}, [](Request& request) {
      return Response::Text(std::to_string(request.body.size()));
    });
    router_.Add("GET", "/public/throw", {.public_route = true},
                [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.Add("GET", "/public/slow", {.public_route = true}, [](Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return Response::Text("slow");
    });
    router_.Add("GET", "/public/cookie", {.public_route = true}, [](Request&) {
      Response response = Response::Text("cookie");
      response.SetCookie("klang_session", "abc", {});
      return response;
    });
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  void StartServer(ServerOptions options = {}) {
    options.listen_address = "127.0.0.1";
    options.listen_port = 0;
    server_ = std::make_unique<Server>(options, router_, &gatekeeper_);
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  Router router_;
  FakeGatekeeper gatekeeper_;
  std::atomic<int> calls_{0};
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, RoutesWithPathParameters) {
  StartServer();
  Reply reply = Fetch(port_, "GET", "/api/v1/orgs/7/vouchers/42", kAlice);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("content-type"), "application/json");
  EXPECT_EQ(reply.Json(), (nlohmann::json{{"org", "7"}, {"seq", "42"}, {"user", "alice"}}));
  reply = Fetch(port_, "GET", "/api/v1/orgs/7/vouchers/new", kAlice);
  EXPECT_EQ(reply.body, "new voucher form");
  reply = Fetch(port_, "GET", "/public/hello?name=%E0%B8%81+x&name=last");
  EXPECT_EQ(reply.body, "hello last");
}

TEST_F(ServerTest, UnknownPathIs404Problem) {
  StartServer();
  const Reply reply = Fetch(port_, "GET", "/no/such/page", kJson);
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.Header("content-type"), "application/problem+json");
  EXPECT_EQ(reply.Code(), "http.not_found");
  EXPECT_EQ(reply.Json()["title"], "ไม่พบหน้าที่ต้องการ");
  EXPECT_EQ(reply.Json()["type"], "https://klang.example/problems/http.not_found");
  // Browsers get a page.
  const Reply page = Fetch(port_, "GET", "/no/such/page", kBrowser);
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("ไม่พบหน้าที่ต้องการ"), std::string::npos);
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  StartServer();
  Reply reply = Fetch(port_, "DELETE", "/public/hello", kJson);
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.Header("allow"), "GET, HEAD");
  EXPECT_EQ(reply.Code(), "http.method_not_allowed");
  reply = Fetch(port_, "GET", "/public/echo", kJson);
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.Header("allow"), "POST");
}

TEST_F(ServerTest, HeadIsGetWithoutBody) {
  StartServer();
  const Reply reply = Fetch(port_, "HEAD", "/public/hello");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("content-length"), "11");
  EXPECT_EQ(reply.body, "");
}

TEST_F(ServerTest, BodyTooLargeIs413Problem) {
  StartServer({.body_bytes_max = 1024});
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo", kJson, std::string(1024, 'x')).body, "1024");
  // A body well beyond socket buffers: the server answers before reading it and must not reset
  // the connection before the client has read the answer.
  const Reply reply = Fetch(port_, "POST", "/public/echo", kJson, std::string(2 << 20, 'x'));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.Header("content-type"), "application/problem+json");
  EXPECT_EQ(reply.Code(), "http.body_too_large");
  EXPECT_EQ(reply.Header("connection"), "close");
  // A file a little over the upload limit (a clerk picking a 12 MB workbook) is still drained
  // whole, so its sender reads the 413 instead of a broken pipe.
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo", kJson, std::string(12 << 20, 'x')).status, 413);
  // Chunked bodies have no Content-Length to check up front; the limit still holds.
  const std::string raw = RawExchange(
      port_, "POST /public/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                 std::string("800\r\n") + std::string(0x800, 'y') + "\r\n0\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 413")) << raw.substr(0, 80);
}

TEST_F(ServerTest, OnlyAnUploadWithASessionMayCarryALargeBody) {
  StartServer({.body_bytes_max = 1024,
               .is_upload = [](std::string_view method, std::string_view target) {
                 return method == "POST" && target.starts_with("/public/echo?upload");
               },
               .upload_bytes_max = 4 << 20});
  const std::string large(2 << 20, 'x');
  const Headers session = kAlice;
  // The upload path, with a session: read whole (the public echo route counts the bytes).
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", session, large).body, std::to_string(large.size()));
  // Without a session, on another path, or another method: the ordinary limit.
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", kJson, large).status, 413);
  // A cookie is not a session: a made-up one, or one the Gatekeeper cannot check (its store
  // down), gets the ordinary limit too.
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", With(kJson, "Cookie", "session=made-up"), large).status, 413);
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", With(kJson, "Cookie", "session=down"), large).status, 413);
  // A Gatekeeper that throws: still an answer, the ordinary limit's, not a dropped connection.
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", With(kJson, "Cookie", "session=throws"), large).status, 413);
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", With(kJson, "Authorization", "Bearer x"), large).status, 413);
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo", session, large).status, 413);
  // Beyond the upload limit too.
  EXPECT_EQ(Fetch(port_, "POST", "/public/echo?upload=1", session, std::string(5 << 20, 'x')).status, 413);
}

TEST_F(ServerTest, HeaderTooLargeIs431) {
  StartServer({.header_bytes_max = 1024});
  const Reply reply =
      Fetch(port_, "GET", "/public/hello", With(kJson, "X-Big", std::string(2000, 'a')));
  EXPECT_EQ(reply.status, 431);
  EXPECT_EQ(reply.Code(), "http.headers_too_large");
}

TEST_F(ServerTest, MalformedRequestIs400) {
  StartServer();
  std::string raw = RawExchange(port_, "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  EXPECT_NE(raw.find("http.malformed"), std::string::npos);
  raw = RawExchange(port_, "GET /public/hello HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  raw = RawExchange(port_, "GET nothing-like-a-path HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  raw = RawExchange(port_, "GET /public/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  // Both framings at once is the classic request-smuggling shape.
  raw = RawExchange(port_,
                    "POST /public/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  // The server is still fine.
  EXPECT_EQ(Fetch(port_, "GET", "/public/hello").status, 200);
}

TEST_F(ServerTest, UnauthenticatedApiGets401AndBrowserGoesToLogin) {
  StartServer();
  Reply reply = Fetch(port_, "GET", "/me", kJson);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.Code(), "auth.no_session");
  reply = Fetch(port_, "GET", "/me?tab=2", kBrowser);
  EXPECT_EQ(reply.status, 303);
  EXPECT_EQ(reply.Header("location"), "/login?next=%2Fme%3Ftab%3D2");
  reply = Fetch(port_, "GET", "/me", {{"HX-Request", "true"}});
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.Header("hx-redirect"), "/login?next=%2Fme");
  // An unavailable session store is not "please log in".
  reply = Fetch(port_, "GET", "/me", With(kJson, "Cookie", "session=down"));
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.Code(), "auth.store_down");
  reply = Fetch(port_, "GET", "/me", kAlice);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "alice");
}

TEST_F(ServerTest, PendingPasswordChangeIsSentToPasswordPage) {
  StartServer();
  const Headers pending = With(kJson, "Cookie", "session=pending");
  Reply reply = Fetch(port_, "GET", "/me", pending);
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.Code(), "auth.password_change_required");
  reply = Fetch(port_, "GET", "/me", With(kBrowser, "Cookie", "session=pending"));
  EXPECT_EQ(reply.status, 303);
  EXPECT_EQ(reply.Header("location"), "/password");
  EXPECT_EQ(Fetch(port_, "GET", "/password", pending).status, 200);
}

TEST_F(ServerTest, CsrfTokenIsRequiredOnStateChanges) {
  StartServer();
  const std::string target = "/api/v1/orgs/7/vouchers";
  const Headers form = With(kAlice, "Content-Type", "application/x-www-form-urlencoded");
  Reply reply = Fetch(port_, "POST", target, form, "memo=x");
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.Code(), "http.csrf");
  EXPECT_EQ(reply.Json()["title"], kCsrfThai);
  reply = Fetch(port_, "POST", target, With(form, "X-CSRF-Token", "csrf-bob"), "memo=x");
  EXPECT_EQ(reply.status, 403);
  reply = Fetch(port_, "POST", target, form, "memo=x&_csrf=csrf-alic");
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(calls_, 0);

  reply = Fetch(port_, "POST", target, With(form, "X-CSRF-Token", "csrf-alice"), "memo=x");
  EXPECT_EQ(reply.status, 201);
  EXPECT_EQ(reply.Json()["memo"], "x");
  reply = Fetch(port_, "POST", target, form, "memo=%E0%B8%81&_csrf=csrf-alice");
  EXPECT_EQ(reply.status, 201);
  EXPECT_EQ(reply.Json()["memo"], "ก");
  EXPECT_EQ(calls_, 2);
}

TEST_F(ServerTest, AuthorizeGetsPermissionAndOrganisation) {
  StartServer();
  Reply reply = Fetch(port_, "POST", "/forbidden", With(kAlice, "X-CSRF-Token", "csrf-alice"));
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.Code(), "auth.denied");
  EXPECT_EQ(calls_, 0);

  reply = Fetch(port_, "GET", "/api/v1/orgs/8/vouchers/1", kAlice);
  EXPECT_EQ(reply.status, 403);
  reply = Fetch(port_, "POST", "/api/v1/orgs/8/vouchers",
                With(kAlice, "X-CSRF-Token", "csrf-alice"), "memo=x");
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(calls_, 0);
  const auto calls = gatekeeper_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].permission, "gl.forbidden");
  EXPECT_EQ(calls[0].org_id, std::nullopt);
  EXPECT_EQ(calls[1].permission, "gl.read");
  EXPECT_EQ(calls[1].org_id, 8);
  EXPECT_EQ(calls[2].permission, "gl.voucher.create");
  EXPECT_EQ(calls[2].org_id, 8);

  // An organisation id that is not a number names no organisation.
  for (const char* org : {"abc", "-7", "7x", "99999999999999999999"}) {
    reply = Fetch(port_, "GET", std::string("/api/v1/orgs/") + org + "/vouchers/1", kAlice);
    EXPECT_EQ(reply.status, 404) << org;
  }
  EXPECT_EQ(gatekeeper_.calls().size(), 3u);
}

TEST_F(ServerTest, OrganisationRouteWithoutPermissionStillChecksScope) {
  StartServer();
  EXPECT_EQ(Fetch(port_, "GET", "/orgs/7/summary", kAlice).status, 200);
  EXPECT_EQ(Fetch(port_, "GET", "/orgs/8/summary", kAlice).status, 403);
  EXPECT_EQ(calls_, 1);
  const auto calls = gatekeeper_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].permission, "");
  EXPECT_EQ(calls[1].org_id, 8);
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerLives) {
  StartServer();
  Client client(port_);
  Reply reply = client.Send("GET", "/public/throw", kJson);
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.Code(), "http.internal");
  // The exception's text is for the log, not the client: it is told an incident number.
  EXPECT_EQ(reply.body.find("boom"), std::string::npos) << reply.body;
  EXPECT_NE(reply.Json()["detail"].get<std::string>().find("incident"), std::string::npos);
  const Reply page = Fetch(port_, "GET", "/public/throw", kBrowser);
  EXPECT_EQ(page.status, 500);
  EXPECT_EQ(page.body.find("boom"), std::string::npos);
  // Same connection, then a new one.
  EXPECT_EQ(client.Send("GET", "/public/hello").status, 200);
  EXPECT_EQ(Fetch(port_, "GET", "/public/hello").status, 200);
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  StartServer();
  for (const auto& [target, status] : std::vector<std::pair<std::string, int>>{
           {"/public/hello", 200}, {"/no/such", 404}, {"/me", 401}, {"/public/throw", 500}}) {
    const Reply reply = Fetch(port_, "GET", target, kJson);
    EXPECT_EQ(reply.status, status) << target;
    EXPECT_EQ(reply.Header("content-security-policy"), kCsp) << target;
    EXPECT_EQ(reply.Header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(reply.Header("referrer-policy"), "same-origin") << target;
    EXPECT_EQ(reply.Header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(reply.Header("cache-control"), "no-store") << target;
    EXPECT_FALSE(reply.Header("date").empty()) << target;
  }
  const std::string raw = RawExchange(port_, "BROKEN\r\n\r\n");
  EXPECT_NE(raw.find("X-Frame-Options: DENY"), std::string::npos) << raw;
}

TEST_F(ServerTest, HealthIsBuiltIn) {
  StartServer();
  const Reply reply = Fetch(port_, "GET", "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Json(), (nlohmann::json{{"status", "ok"}}));
}

TEST_F(ServerTest, SecureCookiesOption) {
  StartServer({.secure_cookies = true});
  EXPECT_EQ(Fetch(port_, "GET", "/public/cookie").Header("set-cookie"),
            "klang_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
}

class StaticFilesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    root_ = fs::temp_directory_path() /
            ("klang_http_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "static" / "fonts");
    Write(root_ / "CMakeLists.txt", "outside the static folder");
    Write(root_ / "secret.txt", "outside the static folder");
    Write(root_ / "static" / "app.css", "body{color:black}");
    Write(root_ / "static" / "fonts" / "laksaman.woff2", "wOF2");
    Write(root_ / "static" / ".hidden", "hidden");
    fs::create_symlink(root_ / "secret.txt", root_ / "static" / "escape.css");
    StartServer({.static_dir = (root_ / "static").string()});
  }
  void TearDown() override {
    ServerTest::TearDown();
    fs::remove_all(root_);
  }
  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  Reply reply = Fetch(port_, "GET", "/static/app.css");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "body{color:black}");
  EXPECT_EQ(reply.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(reply.Header("cache-control"), "public, max-age=3600");
  EXPECT_EQ(reply.Header("x-content-type-options"), "nosniff");
  reply = Fetch(port_, "GET", "/static/fonts/laksaman.woff2");
  EXPECT_EQ(reply.Header("content-type"), "font/woff2");
  reply = Fetch(port_, "HEAD", "/static/app.css");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("content-length"), "17");
  EXPECT_EQ(reply.body, "");
  EXPECT_EQ(Fetch(port_, "POST", "/static/app.css").status, 405);
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesDirectoriesAndSymlinkEscapes) {
  for (const char* target :
       {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/static/%2E%2E%2Fsecret.txt",
        "/static/fonts/../../secret.txt", "/static/./app.css", "/static//etc/passwd",
        "/static/escape.css", "/static/.hidden", "/static/fonts", "/static/fonts/",
        "/static/missing.css", "/static/", "/static/app.css%5c..%5c..%5csecret.txt"}) {
    const Reply reply = Fetch(port_, "GET", target, kJson);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_EQ(reply.body.find("outside"), std::string::npos) << target;
    EXPECT_EQ(reply.Header("cache-control"), "no-store") << target;
  }
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartServer();
  Client client(port_);
  for (int index = 0; index < 5; ++index) {
    const Reply reply = client.Send("GET", "/public/hello?name=" + std::to_string(index));
    EXPECT_EQ(reply.body, "hello " + std::to_string(index));
    EXPECT_NE(reply.Header("connection"), "close");
  }
  const Reply last = client.Send("GET", "/public/hello", {{"Connection", "close"}});
  EXPECT_EQ(last.status, 200);
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(ServerTest, ManyConcurrentRequestsAreAllAnswered) {
  StartServer({.worker_threads = 8});
  constexpr int kThreads = 20;
  constexpr int kRequestsPerThread = 10;
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int index = 0; index < kRequestsPerThread; ++index) {
        try {
          // Half on fresh connections, half through the full authenticated path.
          const Reply reply =
              index % 2 == 0
                  ? Fetch(port_, "GET", "/public/hello?name=" + std::to_string(thread))
                  : Fetch(port_, "GET", "/api/v1/orgs/7/vouchers/" + std::to_string(index), kAlice);
          if (reply.status == 200) ++answered;
        } catch (const std::exception&) {
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(answered, kThreads * kRequestsPerThread);
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitGet503) {
  StartServer({.connections_max = 1, .connections_reserved = 0});
  Client first(port_);
  EXPECT_EQ(first.Send("GET", "/public/hello").status, 200);  // now held open (keep-alive)
  const Reply reply = Fetch(port_, "GET", "/public/hello", kJson);
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.Code(), "http.too_many_connections");
  EXPECT_EQ(first.Send("GET", "/public/hello").status, 200);
}

TEST_F(ServerTest, IdleConnectionsFromOneAddressShutOutOnlyThatAddress) {
  StartServer({.connections_per_address_max = 4});
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<Client>(port_, "127.0.0.2"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Client fifth(port_, "127.0.0.2");
  const Reply refused = fifth.Send("GET", "/public/hello", kJson);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.Code(), "http.too_many_connections");
  EXPECT_EQ(Fetch(port_, "GET", "/public/hello").status, 200);  // another address is served
  idle.pop_back();  // one closed: that address may connect again
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Client(port_, "127.0.0.2").Send("GET", "/public/hello").status, 200);
}

TEST_F(ServerTest, ReserveConnectionsServeHealthAndSignedInUsersOnly) {
  StartServer({.connections_max = 8, .connections_reserved = 4, .connections_per_address_max = 0});
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<Client>(port_, "127.0.0.3"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Fetch(port_, "GET", "/healthz").status, 200);
  EXPECT_EQ(Fetch(port_, "GET", "/me", kAlice).status, 200);
  Client stranger_connection(port_);
  const Reply stranger = stranger_connection.Send("GET", "/public/hello", kJson);
  EXPECT_EQ(stranger.status, 503);
  EXPECT_EQ(stranger.Code(), "http.busy");
  EXPECT_TRUE(stranger_connection.ClosedByServer());  // turned away, not kept
  EXPECT_EQ(Fetch(port_, "GET", "/me", With(kJson, "Cookie", "session=forged")).Code(), "http.busy");
  idle.clear();  // the strangers gone, everyone is served again
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Fetch(port_, "GET", "/public/hello").status, 200);
}

TEST_F(ServerTest, SilentConnectionIsClosedAtTheHeaderDeadline) {
  StartServer({.header_read_seconds_max = 1, .request_read_seconds_max = 30});
  const auto started = Clock::now();
  EXPECT_EQ(RawExchange(port_, ""), "");
  EXPECT_EQ(RawExchange(port_, "GET /public/hello HTTP/1.1\r\nHost: x\r\n"), "");
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(5000));
}

TEST_F(ServerTest, ClientAddressBehindATrustedProxyComesFromXForwardedFor) {
  std::string seen;
  router_.Add("GET", "/public/who", {.public_route = true}, [&seen](Request& request) {
    seen = request.remote_address;
    return Response::Text("ok");
  });
  StartServer({.trusted_proxies = {"127.0.0.1"}});
  Fetch(port_, "GET", "/public/who", {{"X-Forwarded-For", "203.0.113.9, 127.0.0.1"}});
  EXPECT_EQ(seen, "203.0.113.9");
  Fetch(port_, "GET", "/public/who", {{"X-Forwarded-For", "not-an-address"}});
  EXPECT_EQ(seen, "127.0.0.1");
  // Not from a trusted proxy: the header is anyone's words and ignored.
  Client(port_, "127.0.0.4").Send("GET", "/public/who", {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(seen, "127.0.0.4");
}

TEST_F(ServerTest, Http11RequestWithoutHostIsRefused) {
  StartServer();
  const std::string raw = RawExchange(port_, "GET /public/hello HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  EXPECT_NE(raw.find("Host"), std::string::npos);
  EXPECT_TRUE(RawExchange(port_, "GET /public/hello HTTP/1.0\r\n\r\n").starts_with("HTTP/1.0 200"));
}

TEST_F(ServerTest, SlowClientIsCutOffByReadTimeout) {
  StartServer({.request_read_seconds_max = 1});
  const auto started = Clock::now();
  const std::string raw = RawExchange(port_, "GET /public/hello HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(raw, "");  // closed without an answer
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(3000));
}

TEST_F(ServerTest, StopReturnsPromptlyWithIdleConnections) {
  StartServer();
  Client idle_after_request(port_);
  EXPECT_EQ(idle_after_request.Send("GET", "/public/hello").status, 200);
  Client never_spoke(port_);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto started = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(1000));
  EXPECT_TRUE(idle_after_request.ClosedByServer());
  EXPECT_TRUE(never_spoke.ClosedByServer());
  server_->Wait();  // already stopped: returns at once
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, StopFinishesRequestsInFlight) {
  StartServer();
  Reply slow;
  std::thread client([&] { slow = Fetch(port_, "GET", "/public/slow"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::thread waiter([&] { server_->Wait(); });
  server_->Stop();
  client.join();
  waiter.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "slow");
  EXPECT_EQ(slow.Header("connection"), "close");
}

TEST_F(ServerTest, BusyPortIsAnError) {
  StartServer();
  Server second({.listen_port = port_}, router_, &gatekeeper_);
  const Status status = second.Start();
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.stable_code(), "http.listen_failed");
}

TEST_F(ServerTest, MissingStaticDirIsAnError) {
  Server server({.listen_port = 0, .static_dir = "/nonexistent/klang/static"}, router_,
                &gatekeeper_);
  EXPECT_EQ(server.Start().stable_code(), "http.static_dir");
}

}  // namespace
}  // namespace klang::http

namespace klang::http {
namespace {

// A list's "_any" companion lets a template draw a table's head only around rows that exist.
TEST(TemplatesTest, ListsHaveANonEmptyCompanion) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("klang-templates-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "layout.html") << "[{{{content}}}]";
  std::ofstream(dir / "page.html") << "{{#rows_any}}<table>{{/rows_any}}{{#rows}}<tr>{{.}}</tr>{{/rows}}"
                                      "{{#rows_any}}</table>{{/rows_any}}{{^rows_any}}none{{/rows_any}}";
  auto templates = Templates::Load(dir.string());
  ASSERT_TRUE(templates.ok()) << templates.status().ToString();
  auto full = (*templates)->Render("page", {{"rows", {"a", "b"}}});
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(*full, "[<table><tr>a</tr><tr>b</tr></table>]");
  auto empty = (*templates)->Render("page", {{"rows", nlohmann::json::array()}});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "[none]");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace klang::http
