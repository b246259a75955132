// web/sync/continuity.h — the continuity screens (Thai) and their JSON faces, and the node
// protocol under /api/v1/sync (docs/api.md "Continuity", docs/continuity.md "Protocol").
//
// Screens, under /orgs/{org}/continuity: the outage register and each outage (cause, paper
// documents done, the report for the executive), the control register of provisional numbers,
// the register of paper documents, the review queue of held documents; on an edge node, its
// link to the centre. The node protocol is authorised by the node's credential (role "node"); the
// centre's register of nodes and homes is at /sync/nodes. Printed reports and registers are in
// web/reports (continuity_documents.h).
#pragma once

#include <nlohmann/json.hpp>

#include "sync/centre.h"
#include "sync/continuity.h"
#include "sync/edge.h"
#include "sync/nodes.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct SyncWeb {
  Pages& pages;
  sync::ContinuityService& continuity;
  sync::NodeRegistry& nodes;
  sync::CentreSync* centre = nullptr;  // on the centre (null on an edge node)
  sync::EdgeNode* edge = nullptr;      // on an edge node (null on the centre)
};

// `web` must outlive the router.
void RegisterSyncRoutes(RouteTable& table, SyncWeb& web);

// What every page's layout shows about continuity: on an edge node its link to the centre
// (offline, catching up, loss) for the organisation of the page. Empty object when nothing to say.
nlohmann::json StatusBanner(SyncWeb& web, int64_t org);

// View helpers shared with the printed report (web/reports/continuity_documents.cc).
nlohmann::json OutageJson(const sync::Outage& outage);
nlohmann::json DocumentJson(const sync::ContinuityDocument& document,
                            const sync::DocumentKinds& kinds, int64_t org);
nlohmann::json HeldJson(const sync::HeldEntry& held, const sync::DocumentKinds& kinds);

}  // namespace klang::web
