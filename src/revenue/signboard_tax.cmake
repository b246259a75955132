klang_module(revenue_tax SOURCES signboard_tax.cc DEPS klang_core)
klang_test(signboard_tax_test SOURCES signboard_tax_test.cc DEPS klang_revenue_tax)
