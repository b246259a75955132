// web/kit/page.h — what every screen and JSON route shares: the services a page needs besides its
// own (Pages), the page's common data (user, organisation, breadcrumbs, CSRF token), rendering a
// template, and the three ways a handler answers in either face — a page, or the same call under
// /api/v1 as JSON: done (redirect or 201), refused (the form again with the Thai error and what was
// typed, or problem+json) and failed (the Thai error page, or problem+json).
//
// Web handlers live in src/web/<module>/; they read input, call a domain service and lay out its
// answer. Business rules stay in the services (DESIGN.md §2). Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "http/http.h"
#include "http/templates.h"
#include "org/org.h"

namespace klang::web {

// What every screen needs besides its module's services: the templates, the organisation tree
// (headings, breadcrumbs), today and fresh entry ids. References; they must outlive the routes.
// A printed document's check code and the address of its public check page (for the QR code).
struct PrintedCheck {
  std::string url, code;
};
// The check of entry `seq` of `org`, as printed on its documents; empty when checks are not set up
// (or the entry cannot be read: the document prints without one).
using CheckLinker = std::function<PrintedCheck(const http::Request& request, int64_t org, int64_t seq)>;

struct Pages {
  const http::Templates& templates;
  org::OrgDirectory& orgs;
  const Clock& clock;
  Random& random;  // thread-safe (SystemRandom in the server)
  CheckLinker check_link = {};
};

// `doc`'s check_url and check_code from pages.check_link (for Voucher, ReceiptDoc, ClaimDoc).
template <typename Doc>
void LinkCheck(const Pages& pages, const http::Request& request, int64_t org, int64_t seq, Doc& doc) {
  if (!pages.check_link) return;
  PrintedCheck check = pages.check_link(request, org, seq);
  doc.check_url = std::move(check.url);
  doc.check_code = std::move(check.code);
}

// A request under /api/ (JSON in and out) rather than a page.
bool IsApi(const http::Request& request);

// Page data every screen shares: title, organisation and its breadcrumbs (those within the user's
// scope), the signed-in user and the CSRF token, the paper document being back-entered.
nlohmann::json PageBase(const http::Request& request, org::OrgDirectory& orgs, int64_t org,
                        const std::string& title);
// The same for a page made outside any request (klang report --format html): no user, no forms.
nlohmann::json StandalonePageBase(org::OrgDirectory& orgs, int64_t org, const std::string& title);
// What a feature module's page shares beyond PageBase: its base path, today (ISO and Thai), the
// fiscal year asked for (?fy=) and a fresh entry_id for the forms on it.
nlohmann::json ModulePage(const http::Request& request, Pages& pages, const std::string& title,
                          const std::string& base);

// Renders a page (in the layout unless `fragment`), or a 500 problem when the template fails.
http::Response RenderPage(const http::Templates& templates, const std::string& name,
                          const nlohmann::json& data, int status = 200, bool fragment = false);
// A Status as the Thai error page (browser navigation) or problem+json (API, htmx).
http::Response ErrorResponse(const http::Request& request, const http::Templates& templates,
                             const Status& status);

// After a successful post: the API gets the object (201), a form a redirect to `location`.
http::Response Done(const http::Request& request, const nlohmann::json& object,
                    const std::string& location);
// A refused post: the API gets problem+json; a form gets `page` again (HTTP 422) with the Thai
// error, its code and field and the values typed (invalid input and conflicts); any other error
// the error page.
http::Response Refused(const http::Templates& templates, http::Request& request,
                       const Status& status,
                       const std::function<http::Response(nlohmann::json extra)>& page);
// A failed read: problem+json or the Thai error page.
http::Response Failed(const http::Templates& templates, const http::Request& request,
                      const Status& status);

// Copies every key of `extra` into `data`.
void Merge(nlohmann::json& data, const nlohmann::json& extra);

}  // namespace klang::web
