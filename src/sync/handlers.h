// sync/handlers.h — the continuity screens (Thai) and their JSON faces, and the node protocol
// under /api/v1/sync (docs/api.md "Continuity", docs/continuity.md "Protocol").
//
// Screens, under /orgs/{org}/continuity: the outage register and each outage (cause, paper
// documents done, the report for the executive), the control register of provisional numbers,
// the register of paper documents, the review queue of held documents; on an edge node, its
// link to the centre. The node protocol is authorised by the node's credential (role "node").
#pragma once

#include <functional>

#include "accounting/handlers.h"
#include "http/http.h"
#include "sync/centre.h"
#include "sync/continuity.h"
#include "sync/edge.h"
#include "sync/nodes.h"

namespace klang::sync {

struct SyncWeb {
  ContinuityService& continuity;
  NodeRegistry& nodes;
  CentreSync* centre = nullptr;  // on the centre (null on an edge node)
  EdgeNode* edge = nullptr;      // on an edge node (null on the centre)
  accounting::WebContext& base;
};

void RegisterSyncRoutes(http::Router& router, SyncWeb& web);

// What every page's layout shows about continuity: on an edge node its link to the centre
// (offline, catching up, loss) for the organisation of the page. Empty object when nothing to say.
nlohmann::json StatusBanner(SyncWeb& web, int64_t org);

// View helpers shared with the printed report (reports/continuity_handlers.cc).
nlohmann::json OutageJson(const Outage& outage);
nlohmann::json DocumentJson(const ContinuityDocument& document, const DocumentKinds& kinds,
                            int64_t org);
nlohmann::json HeldJson(const HeldEntry& held, const DocumentKinds& kinds);

}  // namespace klang::sync
