// reports/continuity_handlers.h — the printed face of continuity: the report on an outage for
// the local executive (PDF), and the control register of provisional numbers and the register of
// paper documents (CSV/XLSX/PDF). The figures come from the sync module's continuity service.
#pragma once

#include "sync/handlers.h"

namespace klang::reports {

void RegisterContinuityDocumentRoutes(http::Router& router, sync::SyncWeb& web);

}  // namespace klang::reports
