// witness/keys.h — the Ed25519 keys that sign checkpoints (libsodium). A key pair lives in two
// files outside the database: the private key (PKCS#8 PEM, mode 600, readable only by the
// service user) and its public key (SubjectPublicKeyInfo PEM, FILE.pub) — the forms `openssl`
// reads, so anyone can check a checkpoint with the command line (docs/ledger-format.md §12).
// A key's id is the first 16 hex digits of SHA-256 of its 32 public-key bytes; a file of public
// keys may hold several PEM blocks (the published list: rotated keys stay in it).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace klang::witness {

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSignatureBytes = 64;

struct PublicKey {
  std::string id;  // 16 lower-case hex digits
  std::array<unsigned char, kPublicKeyBytes> bytes{};
};

// The id of a public key (see above).
std::string KeyIdOf(const std::array<unsigned char, kPublicKeyBytes>& bytes);
// The key as a PEM block ("-----BEGIN PUBLIC KEY-----" …), ended by a new line.
std::string PublicKeyPem(const PublicKey& key);
// Every public key in PEM text (text outside the blocks is ignored). Errors: witness.key_file
// (no block, or a block that is not an Ed25519 public key).
Result<std::vector<PublicKey>> ParsePublicKeys(std::string_view pem);
// The same from files, in order. Errors: witness.key_file (unreadable, or as above).
Result<std::vector<PublicKey>> LoadPublicKeys(const std::vector<std::string>& paths);
// True when `signature` (64 raw bytes) is `key`'s Ed25519 signature of `message`.
bool VerifySignature(const PublicKey& key, std::string_view message, std::string_view signature);

class SigningKey {
 public:
  // A new key pair from the system's random source.
  static SigningKey Generate();
  // Reads a private key file. Errors: witness.key_file (unreadable, not an Ed25519 PKCS#8 PEM),
  // witness.key_mode (group or others may read it: the key must be the service user's alone).
  static Result<SigningKey> Load(const std::string& path);
  // Writes `path` (private, mode 600) and `path`.pub; refuses to overwrite either
  // (witness.key_exists) — a key lost by overwriting cannot be got back.
  Status Save(const std::string& path) const;

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();  // wipes the secret

  const PublicKey& public_key() const { return public_; }
  // The 64-byte Ed25519 signature of `message`.
  std::string Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  void FromSeed(const std::array<unsigned char, 32>& seed);
  std::array<unsigned char, 32> seed_{};
  std::array<unsigned char, 64> secret_{};  // libsodium's form: seed ‖ public key
  PublicKey public_;
};

}  // namespace klang::witness
