// reports/oversight_documents.h — the printed and downloaded forms of oversight (issue 17): the
// currency table of a province (or an LAO, or the nation), the DLA's table of provinces, and the
// monthly report of a provincial office to the DLA (its summary with the counts by standing, then
// the problems). Built from oversight's figures as plain register documents (render.h prints them).
#pragma once

#include <vector>

#include "core/clock.h"
#include "oversight/oversight.h"
#include "reports/documents.h"

namespace klang::reports {

// One row per organisation: name (units under their LAO), district, last posting and days behind,
// months closed to, budget, outages/paper/held, findings, standing; the counts below.
RegisterDoc CurrencyRegister(const std::vector<oversight::OrgStatus>& rows, const OrgHeading& heading,
                             const std::string& subtitle_th, const Clock& clock);
// One row per province: counts by standing, open problems, last monthly report.
RegisterDoc ProvincesRegister(const std::vector<oversight::ProvinceSummary>& provinces, const OrgHeading& heading,
                              const Clock& clock);
// The monthly report: the summary (meeting, attendees, counts, obstacles, needs, suggestions,
// signature of the office) and the problems, as two registers (two PDF parts, two XLSX sheets).
std::vector<RegisterDoc> MonthlyReportRegisters(const oversight::MonthlyReport& report, const OrgHeading& heading,
                                                const Clock& clock);

}  // namespace klang::reports
