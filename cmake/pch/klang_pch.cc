// The translation unit that builds the shared precompiled header (cmake/pch/klang_pch.h).
