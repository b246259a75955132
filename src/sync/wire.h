// sync/wire.h — what edge nodes and the centre send each other (JSON over HTTP, docs/continuity.md
// "Protocol"): drafts as a service built them, and entries as their canonical bytes plus hash,
// so a receiver checks every entry against the chain before it keeps it. Pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "core/status.h"
#include "ledger/ledger.h"

namespace klang::sync {

nlohmann::json DraftToJson(const ledger::EntryDraft& draft);
// Errors: sync.bad_draft (what is wrong, in English).
Result<ledger::EntryDraft> DraftFromJson(const nlohmann::json& json);

// {"canonical": "<bytes>", "hash": "<hex>"}
nlohmann::json EntryToWire(const ledger::Entry& entry);
// Decodes and checks that the bytes are canonical (re-encoding gives the same bytes); the
// chain hash is checked by the ledger when the entry is appended. Errors: sync.bad_entry.
Result<ledger::Entry> EntryFromWire(const nlohmann::json& json);

nlohmann::json OriginToJson(const ledger::Origin& origin);
ledger::Origin OriginFromJson(const nlohmann::json& json);

// The id of the sync.held entry that keeps `entry_id` when the centre cannot append it as it
// is: derived, so a repeated catch-up finds it again.
std::string HeldEntryId(const std::string& entry_id);

// SHA-256 of text, lower-case hex (node credentials are stored only as this).
std::string Sha256Hex(const std::string& text);

// A problem+json body (from the other side) back into a Status with its stable code.
Status StatusFromProblem(int http_status, const std::string& body);

}  // namespace klang::sync
