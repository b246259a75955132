#include "witness/checkpoint.h"

#include <sodium.h>

#include "core/assert.h"
#include "witness/kinds.h"

namespace klang::witness {
namespace {

constexpr int kFormat = 1;
constexpr char kType[] = "klang.checkpoint";
constexpr size_t kHashHexChars = 64;

nlohmann::json SignedObject(const Checkpoint& checkpoint) {
  return {{"format", kFormat},
          {"hash", checkpoint.hash},
          {"key_id", checkpoint.key_id},
          {"org", checkpoint.org},
          {"reason", std::string(InfoOf(checkpoint.reason).code)},
          {"seq", checkpoint.seq},
          {"signed_at_ms", checkpoint.signed_at_ms},
          {"type", kType}};
}

bool IsLowerHex(std::string_view text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status FormError(const std::string& what) {
  return Status::InvalidInput("witness.checkpoint_form", "รูปแบบจุดตรวจสอบไม่ถูกต้อง", what);
}

}  // namespace

const ReasonInfo& InfoOf(Reason reason) {
  for (const auto& info : kReasons) {
    if (info.reason == reason) return info;
  }
  KLANG_ASSERT_MSG(false, "a checkpoint reason missing from kReasons");
  return kReasons[0];
}

const ReasonInfo* ReasonByCode(std::string_view code) {
  for (const auto& info : kReasons) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

std::string SigningBytes(const Checkpoint& checkpoint) { return SignedObject(checkpoint).dump(-1, ' ', false); }

SignedCheckpoint Sign(const SigningKey& key, Checkpoint checkpoint) {
  KLANG_ASSERT_MSG(checkpoint.seq >= 1 && IsLowerHex(checkpoint.hash, kHashHexChars), "signing a malformed checkpoint");
  checkpoint.key_id = key.public_key().id;
  SignedCheckpoint out{checkpoint, key.Sign(SigningBytes(checkpoint))};
  return out;
}

nlohmann::json ToJson(const SignedCheckpoint& signed_checkpoint) {
  const std::string& signature = signed_checkpoint.signature;
  std::string hex(2 * signature.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
  hex.pop_back();
  return {{"checkpoint", SignedObject(signed_checkpoint.checkpoint)}, {"signature", hex}};
}

Result<SignedCheckpoint> FromJson(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("checkpoint") || !value.contains("signature")) {
    return FormError("an object with checkpoint and signature is expected");
  }
  const nlohmann::json& body = value["checkpoint"];
  const nlohmann::json& signature = value["signature"];
  if (!body.is_object() || body.size() != 8 || !signature.is_string()) return FormError("checkpoint must have 8 keys");
  auto integer = [&body](const char* key) { return body.contains(key) && body[key].is_number_integer(); };
  auto text = [&body](const char* key) { return body.contains(key) && body[key].is_string(); };
  if (!integer("format") || body["format"] != kFormat || !text("type") || body["type"] != kType) {
    return FormError("not a format-1 klang.checkpoint");
  }
  if (!integer("org") || !integer("seq") || !integer("signed_at_ms") || !text("hash") || !text("key_id") ||
      !text("reason")) {
    return FormError("org, seq, signed_at_ms, hash, key_id and reason are required");
  }
  SignedCheckpoint out;
  Checkpoint& checkpoint = out.checkpoint;
  checkpoint.org = body["org"].get<int64_t>();
  checkpoint.seq = body["seq"].get<int64_t>();
  checkpoint.signed_at_ms = body["signed_at_ms"].get<int64_t>();
  checkpoint.hash = body["hash"].get<std::string>();
  checkpoint.key_id = body["key_id"].get<std::string>();
  const ReasonInfo* reason = ReasonByCode(body["reason"].get<std::string>());
  if (checkpoint.org < 1 || checkpoint.seq < 1 || checkpoint.signed_at_ms < 0) return FormError("org and seq from 1");
  if (!IsLowerHex(checkpoint.hash, kHashHexChars)) return FormError("hash must be 64 lower-case hex digits");
  if (!IsLowerHex(checkpoint.key_id, 16)) return FormError("key_id must be 16 lower-case hex digits");
  if (reason == nullptr) return FormError("unknown reason");
  checkpoint.reason = reason->reason;
  const std::string hex = signature.get<std::string>();
  if (!IsLowerHex(hex, 2 * kSignatureBytes)) return FormError("signature must be 128 lower-case hex digits");
  out.signature.assign(kSignatureBytes, '\0');
  size_t length = 0;
  sodium_hex2bin(reinterpret_cast<unsigned char*>(out.signature.data()), kSignatureBytes, hex.data(), hex.size(),
                 nullptr, &length, nullptr);
  if (length != kSignatureBytes) return FormError("signature must be 64 bytes");
  return out;
}

Status CheckSignature(const SignedCheckpoint& signed_checkpoint, const std::vector<PublicKey>& trusted) {
  for (const PublicKey& key : trusted) {
    if (key.id != signed_checkpoint.checkpoint.key_id) continue;
    if (VerifySignature(key, SigningBytes(signed_checkpoint.checkpoint), signed_checkpoint.signature)) {
      return Status::Ok();
    }
    return Status::PermissionDenied(kBadSignature, "ลายมือชื่อดิจิทัลของจุดตรวจสอบไม่ถูกต้อง",
                                    "the signature does not match the checkpoint");
  }
  return Status::PermissionDenied(kUnknownKey, "จุดตรวจสอบนี้ลงนามด้วยกุญแจที่ไม่ได้รับความไว้วางใจ",
                                  "key " + signed_checkpoint.checkpoint.key_id + " is not trusted");
}

}  // namespace klang::witness
