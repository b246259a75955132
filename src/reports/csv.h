// reports/csv.h — the CSV writer every export of the reports module uses; it lives in core so
// other modules' files (the e-payment bank file) follow the same conventions.
#pragma once

#include "core/csv_writer.h"

namespace klang::reports {

using klang::CsvWriter;

}  // namespace klang::reports
