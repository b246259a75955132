// cli/org_copy.h — `klang org copy`: one organisation's books from one store into another, the
// primitive for restoring an organisation from a backup or a replica and for moving it between
// clusters (docs/deployment.md "One organisation, restored or moved").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "core/status.h"

namespace klang::cli {

// What was done for one organisation (the one named, then each of its subordinate units).
struct OrgCopied {
  int64_t org = 0;
  int64_t already_held = 0;  // entries the target held before, the same as the source's
  int64_t copied = 0;        // entries appended now
  int64_t head_seq = 0;
  std::string head_hash;
};

// Where a store is: "postgresql://…" or "postgres://…" (PostgreSQL), else a data folder (SQLite),
// optionally written "sqlite:DIR".
Location LocationOf(const std::string& url);

// The organisation exists in `source` and keeps books (org.not_found, org.copy_no_books).
Status CheckCopyable(App& source, int64_t org);

// Copies `org` and the units beneath it from `source` to `target`: the directory entries on the
// path from the root (same ids; one held with another code is refused), then each chain
// verbatim after what the target already holds, projections applied as it goes, then a verify
// of each copied organisation in the target. Refused before anything is written when a target
// chain is not a prefix of the source's (`org.copy_history`). Opening `source` runs its schema
// migrations like any command: it needs write access (not a hot standby), and an edge node's
// folder is not a source (its provisional entries are not yet the centre's).
Result<std::vector<OrgCopied>> CopyOrganisation(App& source, App& target, int64_t org,
                                                const std::function<void(const std::string&)>& progress);

}  // namespace klang::cli
