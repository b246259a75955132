// web/kit/kit_test.cc — the web kit's field reading and lists cut at a limit, on requests built by
// hand: a form post and the same input as a JSON body under /api/v1 read alike; a repeated group
// with more rows than allowed is refused (never cut), blank form rows do not count; a list read with
// one item more than it shows says it was cut.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "web/auth/session.h"
#include "web/exchange/imports.h"
#include "web/kit/fields.h"
#include "web/kit/input.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

http::Request Form(const std::string& body) {
  http::Request request;
  request.path = "/orgs/3/revenue/receipts";
  request.body = body;
  return request;
}

http::Request Json(const std::string& body) {
  http::Request request;
  request.path = "/api/v1/orgs/3/revenue/receipts";
  request.headers["content-type"] = "application/json";
  request.body = body;
  return request;
}

TEST(FieldsTest, FormAndJsonReadAlike) {
  const http::Request form = Form("book=12&date=2025-10-05&paid=on&receipts=4&receipts=7");
  const http::Request api = Json(R"({"book": 12, "date": "2025-10-05", "paid": true,
                                     "receipts": [4, 7, "x"]})");
  for (const http::Request* request : {&form, &api}) {
    const Fields fields(*request);
    EXPECT_EQ(fields.Int("book"), 12);
    EXPECT_EQ(fields.Text("date"), "2025-10-05");
    EXPECT_TRUE(fields.Flag("paid"));
    EXPECT_EQ(fields.Ints("receipts"), (std::vector<int64_t>{4, 7}));
    EXPECT_EQ(fields.Text("missing"), "");
  }
  // A textarea's lines, or a JSON array of strings.
  EXPECT_EQ(Fields(Form("committee=%E0%B8%81+%0D%0A%0D%0A%E0%B8%82%0A")).Lines("committee"),
            (std::vector<std::string>{"ก", "ข"}));
  EXPECT_EQ(Fields(Json(R"({"committee": ["ก", 3, "ข"]})")).Lines("committee"),
            (std::vector<std::string>{"ก", "ข"}));
  // A JSON body that is not an object reads as no fields.
  EXPECT_EQ(Fields(Json("[1, 2]")).Text("book"), "");
}

TEST(FieldsTest, RowsPastTheLimitAreRefusedNotCut) {
  // Three rows typed and two blank rows the form offered: the blank ones do not count.
  const http::Request form =
      Form("item=a&amount=1&item=b&amount=2&item=c&amount=3&item=&amount=&item=&amount=");
  const Fields fields(form);
  auto rows = fields.Rows("lines", {"item", "amount"}, 3);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), 5u);  // returned as typed, blanks too
  auto too_many = fields.Rows("lines", {"item", "amount"}, 2);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().stable_code(), "web.too_many_rows");
  EXPECT_EQ(too_many.status().field(), "lines");
  EXPECT_EQ(too_many.status().code(), ErrorCode::kInvalidInput);
  // What was typed is still there to show the form again.
  EXPECT_EQ(fields.TypedRows("lines", {"item", "amount"}).size(), 5u);
  // JSON: an array of objects under the group's name.
  const http::Request api = Json(R"({"lines": [{"item": "a", "amount": 1}, {"item": "b"}]})");
  auto json_rows = Fields(api).Rows("lines", {"item", "amount"}, 1);
  EXPECT_EQ(json_rows.status().stable_code(), "web.too_many_rows");
  auto json_ok = Fields(api).Rows("lines", {"item", "amount"}, 2);
  ASSERT_TRUE(json_ok.ok());
  EXPECT_EQ((*json_ok)[0].at("amount"), "1");
  EXPECT_EQ((*json_ok)[1].at("amount"), "");
}

TEST(FieldsTest, BlankTextIsMissing) {
  EXPECT_EQ(Fields(Form("description=+++&name=+%E0%B8%81+")).Text("description"), "");
  EXPECT_EQ(Fields(Form("name=+%E0%B8%81+")).Text("name"), "ก");
  EXPECT_EQ(Fields(Json(R"({"description": " \t\n "})")).Text("description"), "");
  EXPECT_EQ(Fields(Json(R"({"lines": [{"item": "  "}]})")).TypedRows("lines", {"item"})[0]["item"], "");
}

TEST(InputTest, EachFieldHasOneType) {
  auto check = [](const char* body) {
    return CheckJsonBody(nlohmann::json::parse(body), false);
  };
  EXPECT_TRUE(check(R"({"payer_name": "นาย ก", "book": 12, "amount": "1,234.50",
                        "lines": [{"item": "3", "amount": 100}], "paid": true,
                        "receipts": [1, 2], "committee": ["ก", "ข"],
                        "entry_id": "0b6f2a57-6b0f-4d0b-9c44-3a1f4c7e2a10",
                        "paper": {"book": "12", "number": "7", "date": "2026-11-21"}})")
                  .ok());
  const std::vector<std::pair<const char*, const char*>> refused = {
      {R"({"payer_name": {"a": "<b>"}})", "web.field_type"},
      {R"({"payer_name": 12})", "web.field_type"},
      {R"({"description": ["x"]})", "web.field_type"},
      {R"({"date": true})", "web.field_type"},
      {R"({"paid": "maybe"})", "web.field_type"},
      {R"({"amount": 1.5})", "web.field_type"},
      {R"({"book": {"x": 1}})", "web.field_type"},
      {R"({"receipts": [1, "2"]})", "web.field_type"},
      {R"({"lines": {"item": "3"}})", "web.field_type"},
      {R"({"lines": [{"item": {"x": 1}}]})", "web.field_type"},
      {R"({"lines": [{"nonsense": "1"}]})", "web.unknown_field"},
      {R"({"descripton": "typo"})", "web.unknown_field"},
      {R"({"entry_id": 12345})", "web.entry_id"},
      {R"({"entry_id": "not-a-uuid"})", "web.entry_id"},
      {R"({"paper": "x"})", "web.paper"},
      {R"({"paper": {"book": 12, "number": "7", "date": "2026-11-21"}})", "web.paper"},
      {R"({"paper": {"book": "12", "number": "7"}})", "web.paper"},
  };
  for (const auto& [body, code] : refused) {
    const Status status = check(body);
    EXPECT_EQ(status.stable_code(), code) << body;
    EXPECT_FALSE(status.field().empty()) << body;
    EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << body;
  }
  EXPECT_EQ(CheckJsonBody(nlohmann::json::array(), false).stable_code(), "http.malformed");
  // On the continuity screens "paper" is the flag "recorded on paper".
  EXPECT_TRUE(CheckJsonBody(nlohmann::json::parse(R"({"paper": true})"), true).ok());
}

TEST(InputTest, HiddenCharactersAreRefusedInText) {
  EXPECT_TRUE(CheckText("name", "องค์การบริหารส่วนตำบลบ้านนา 12/3", false).ok());
  EXPECT_TRUE(CheckText("description", "บรรทัดหนึ่ง\r\nบรรทัดสอง\tแท็บ", true).ok());
  for (const std::string& bad : {std::string("a\0b", 3), std::string("a\x1b[31m"),
                                std::string("a\r\nSet-Cookie: x"), std::string("a\u202egnp.exe"),
                                std::string("ad\u200dmin"), std::string("a\u2028b"),
                                std::string("a\U000E0041"),
                                std::string("a\u2066b"), std::string("\xc2\x85"),
                                std::string("\xff\xfe"), std::string("\xc0\xaf"),
                                std::string("\xed\xa0\x80")}) {
    EXPECT_EQ(CheckText("name", bad, false).stable_code(), "web.field_text") << bad;
  }
  EXPECT_EQ(CheckText("description", std::string("a\0b", 3), true).stable_code(), "web.field_text");
  EXPECT_EQ(CheckText("name", "a\nb", false).stable_code(), "web.field_text");
  // Zero-width spaces and byte-order marks pass and are dropped when read.
  EXPECT_TRUE(CheckText("name", "สม\u200bชาย\ufeff", false).ok());
  EXPECT_EQ(Fields(Form("name=%E0%B8%AA%E0%B8%A1%E2%80%8B%E0%B8%8A")).Text("name"), "สมช");
  EXPECT_EQ(Fields(Json("{\"name\": \"\ufeffad\u200bmin\"}")).Text("name"), "admin");
  EXPECT_TRUE(CheckText("name", std::string(kLineCharsMax, 'x'), false).ok());
  EXPECT_EQ(CheckText("name", std::string(kLineCharsMax + 1, 'x'), false).stable_code(),
            "web.field_too_long");
  // Forms: the same text rules; passwords are whatever the user chose.
  EXPECT_EQ(CheckFormFields({{"payer_name", "a\u202eb"}}).field(), "payer_name");
  EXPECT_TRUE(CheckFormFields({{"new_password", "a\u202eb\x01"}}).ok());
  EXPECT_TRUE(CheckFormFields({{"description", "ก\r\nข"}}).ok());
}

// Every field name a handler reads is in the table: else a client sending it would be refused.
TEST(InputTest, EveryFieldAHandlerReadsIsInTheTable) {
  const std::filesystem::path web = std::filesystem::path(KLANG_SOURCE_DIR_DEFAULT) / "src/web";
  const std::regex accessor(R"re(\.(Text|Int|Flag|Ints|Texts|Lines|Object|FormValue)\("([a-z_0-9]+)"\))re");
  const std::regex rows(R"re(Rows\("([a-z_]+)",\s*\{([^}]*)\})re");
  const std::regex quoted(R"re("([a-z_0-9]+)")re");
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(web)) {
    if (entry.path().extension() != ".cc" || entry.path().filename().string().ends_with("_test.cc")) continue;
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), accessor), end; it != end; ++it) {
      names.insert((*it)[2]);
    }
    for (std::sregex_iterator it(source.begin(), source.end(), rows), end; it != end; ++it) {
      names.insert((*it)[1]);
      const std::string members = (*it)[2];
      for (std::sregex_iterator m(members.begin(), members.end(), quoted); m != end; ++m) {
        names.insert((*m)[1]);
      }
    }
  }
  EXPECT_GT(names.size(), 100u);
  for (const auto& name : names) EXPECT_TRUE(KindOf(name).has_value()) << name;
}

TEST(SafeNextTest, OnlyAPathOnThisSite) {
  EXPECT_EQ(SafeNext("/orgs/3/vouchers?page=2"), "/orgs/3/vouchers?page=2");
  EXPECT_EQ(SafeNext("/orgs/3/reports/%E0%B8%81.pdf"), "/orgs/3/reports/%E0%B8%81.pdf");
  for (const std::string& bad : std::vector<std::string>{"", "orgs/3", "//evil.example/x", "/\\evil.example", "/\t/evil.example/x",
                                "/\t\t/evil.example", "/\n/evil.example", "/ /evil", "///evil",
                                "/a//b", "https://evil.example", "/\x7f/evil", "/ก"}) {
    EXPECT_EQ(SafeNext(bad), "/") << bad;
  }
  EXPECT_EQ(SafeNext("/" + std::string(kNextBytesMax, 'a')), "/");
}

TEST(ListsTest, AListReadWithOneMoreSaysItWasCut) {
  std::vector<int> exact = {1, 2, 3};
  EXPECT_FALSE(CutAt(exact, 3));
  EXPECT_EQ(exact.size(), 3u);
  std::vector<int> more = {1, 2, 3, 4};
  EXPECT_TRUE(CutAt(more, 3));
  EXPECT_EQ(more, (std::vector<int>{1, 2, 3}));
  const auto cut = TruncationJson(true, 2000);
  EXPECT_TRUE(cut["truncated"].get<bool>());
  EXPECT_NE(cut["truncated_note"].get<std::string>().find("2,000"), std::string::npos);
  EXPECT_EQ(TruncationJson(false, 2000)["truncated_note"], "");
}

TEST(ParamsTest, FileAndNumbers) {
  EXPECT_EQ(ParseFileParam("12.pdf").id(), 12);
  EXPECT_EQ(ParseFileParam("12.pdf").format, "pdf");
  EXPECT_EQ(ParseFileParam("register.xlsx").id(), 0);
  EXPECT_EQ(ParseFileParam("-3.pdf").id(), 0);
  EXPECT_EQ(ToInt("42x"), 42);
  EXPECT_EQ(ToInt("x"), 0);
}

// The server reads large bodies for these paths alone (web/exchange/imports.h).
TEST(IsUploadPath, NamesTheImportChecksAndCommitsAndNothingElse) {
  for (const char* path : {"/orgs/3/imports/taxpayers/check", "/orgs/3/imports/taxpayers/commit",
                           "/api/v1/orgs/12/imports/opening-balances/check?name=tb.csv&date=2026-10-01",
                           "/orgs/3/imports/budget/commit?fy=2571", "/orgs/3/imports/outage-receipts/check"}) {
    EXPECT_TRUE(IsUploadPath(path)) << path;
  }
  for (const char* path : {"/orgs/3/expenditure/claims/imports/check", "/orgs/x/imports/taxpayers/check",
                           "/orgs//imports/taxpayers/check", "/orgs/3/imports/unknown/check",
                           "/orgs/3/imports/taxpayers/check/more", "/orgs/3/imports/taxpayers", "/imports/taxpayers/check",
                           "/orgs/3/vouchers", "/api/v2/orgs/3/imports/taxpayers/check"}) {
    EXPECT_FALSE(IsUploadPath(path)) << path;
  }
  EXPECT_TRUE(IsUploadRoute("exchange", "/api/v1/orgs/{org}/imports/taxpayers/commit"));
  EXPECT_FALSE(IsUploadRoute("exchange", "/orgs/{org}/imports/account-map"));
  EXPECT_FALSE(IsUploadRoute("expenditure", "/orgs/{org}/imports/taxpayers/check"));
}

}  // namespace
}  // namespace klang::web
