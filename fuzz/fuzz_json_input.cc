// A request body as JSON (bounded decoding, then the table of fields) and the same bytes as a
// form post (decoding, then the text rules). Must never crash, leak or overflow; a decoded body
// never nests deeper than kJsonDepthMax.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/assert.h"
#include "http/http.h"
#include "web/kit/input.h"

namespace {

size_t Depth(const nlohmann::json& value) {
  size_t deepest = 0;
  if (value.is_structured()) {
    for (const auto& item : value) deepest = std::max(deepest, Depth(item));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  klang::http::Request json_request;
  json_request.headers["content-type"] = "application/json";
  json_request.body = bytes;
  const nlohmann::json& body = json_request.JsonBody();
  if (!body.is_discarded()) {
    KLANG_ASSERT(Depth(body) <= klang::http::kJsonDepthMax);
    (void)klang::web::CheckJsonBody(body, false);
    (void)klang::web::CheckJsonBody(body, true);
  }
  klang::http::Request form_request;
  form_request.headers["content-type"] = "application/x-www-form-urlencoded";
  form_request.body = bytes;
  (void)klang::web::CheckFormFields(form_request.FormFields());
  return 0;
}
