// core/assert.h — invariant checks that stay on in release builds.
//
// KLANG_ASSERT is for programmer errors and broken invariants (debits != credits on a
// stored entry, a tenant id that does not match). Never use it on user input: validate
// input and return a Status instead (DESIGN.md §8).
#pragma once

namespace klang::core {
[[noreturn]] void AssertFailed(const char* expression, const char* file, int line,
                               const char* message);
}  // namespace klang::core

#define KLANG_ASSERT(condition)                                                 \
  do {                                                                          \
    if (!(condition)) [[unlikely]]                                              \
      ::klang::core::AssertFailed(#condition, __FILE__, __LINE__, nullptr);     \
  } while (false)

#define KLANG_ASSERT_MSG(condition, message)                                    \
  do {                                                                          \
    if (!(condition)) [[unlikely]]                                              \
      ::klang::core::AssertFailed(#condition, __FILE__, __LINE__, (message));   \
  } while (false)
