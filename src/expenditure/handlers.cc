#include "expenditure/handlers.h"

namespace klang::expenditure {

void RegisterExpenditureRoutes(http::Router& router, ExpenditureWeb& web) {
  (void)router;
  (void)web;
}

}  // namespace klang::expenditure
