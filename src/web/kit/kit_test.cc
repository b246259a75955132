// web/kit/kit_test.cc — the web kit's field reading and lists cut at a limit, on requests built by
// hand: a form post and the same input as a JSON body under /api/v1 read alike; a repeated group
// with more rows than allowed is refused (never cut), blank form rows do not count; a list read with
// one item more than it shows says it was cut.
#include <gtest/gtest.h>

#include "web/kit/fields.h"
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

}  // namespace
}  // namespace klang::web
