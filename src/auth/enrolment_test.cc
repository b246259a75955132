// Enrolment tests (SQLite and PostgreSQL), with a capturing mailer and a manual clock: the whole
// path (provider claims → invited user → e-mailed OTP → password → session), and its abuse
// limits — OTP single use, expiry, five wrong tries void the enrolment, resend wait and caps per
// enrolment and per address, an unknown or disabled person, the password policy, stage order.
#include "auth/enrolment.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/clock.h"
#include "tests/support/test_db.h"

namespace klang::auth {
namespace {

class CapturingMailer final : public Mailer {
 public:
  Status Send(const MailMessage& message) override {
    if (fail) return Status::Unavailable("mail.unavailable", "test: mail server down");
    sent.push_back(message);
    return Status::Ok();
  }
  std::string LastOtp() const {
    std::smatch match;
    if (sent.empty() || !std::regex_search(sent.back().body, match, std::regex("คือ ([0-9]{6})"))) {
      return "";
    }
    return match[1];
  }
  std::vector<MailMessage> sent;
  bool fail = false;
};

constexpr const char* kNationalId = "1101700203450";
constexpr const char* kNewPassword = "Kaeng-Som-Pla-2569";
constexpr const char* kRemote = "192.0.2.44";

class EnrolmentTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto migrations = org::OrgDirectory::Migrations();
    for (auto& one : AuthService::Migrations()) migrations.push_back(std::move(one));
    for (auto& one : EnrolmentService::Migrations()) migrations.push_back(std::move(one));
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    auth_ = std::make_unique<AuthService>(*db_, *orgs_, clock_, random_);
    ASSERT_TRUE(auth_->LoadPermissionsCsv(testing::ReadSourceFile("data/permissions.csv")).ok());
    ASSERT_TRUE(auth_->LoadRolesCsv(testing::ReadSourceFile("data/roles.csv")).ok());
    auth_->LoadWeakPasswords(testing::ReadSourceFile("data/weak_passwords.txt"));
    auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P1", "จังหวัดทดสอบ");
    auto lao = orgs_->Create(province->id, org::OrgType::kSao, "A", "อบต.ทดสอบ");
    ASSERT_TRUE(lao.ok());
    lao_ = lao->id;
    auto admin = auth_->CreateUser(lao_, "admin.a", "ผู้ดูแล", "admin", "Klang-Admin-Pass-77",
                                   nullptr);
    ASSERT_TRUE(admin.ok());
    admin_ = *admin;
    std::string otp;
    auto invited = auth_->InviteUser(admin_, lao_, "somsri", "สมศรี ใจดี", "accountant", &otp,
                                     kRemote, kNationalId);
    ASSERT_TRUE(invited.ok()) << invited.status().ToString();
    invited_ = *invited;
    enrolment_ = std::make_unique<EnrolmentService>(*auth_, *db_, mailer_, clock_, random_);
  }

  IdTokenClaims Claims(const std::string& citizen_id = kNationalId) {
    return {.issuer = "https://idp.test", .subject = "sub-1", .citizen_id = citizen_id};
  }

  std::string Begin() {
    auto token = enrolment_->Begin(Claims(), kRemote);
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    return token.ok() ? *token : "";
  }

  std::vector<std::string> Events() {
    auto events = auth_->EventsWithin(lao_, 0, 0, 1000);
    EXPECT_TRUE(events.ok());
    std::vector<std::string> names;
    for (const auto& event : *events) names.push_back(event.event);
    return names;
  }

  ManualClock clock_{1764662400000};
  SystemRandom random_;
  CapturingMailer mailer_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<EnrolmentService> enrolment_;
  int64_t lao_ = 0;
  User admin_, invited_;
};

TEST_P(EnrolmentTest, WholePathEndsInASessionAndAPasswordLogin) {
  const std::string token = Begin();
  auto state = enrolment_->Get(token);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->stage, "email");
  EXPECT_EQ(state->user.username, "somsri");
  EXPECT_FALSE(state->recovery);

  ASSERT_TRUE(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).ok());
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(mailer_.sent[0].to, "somsri@example.go.th");
  const std::string otp = mailer_.LastOtp();
  ASSERT_EQ(otp.size(), 6u);
  EXPECT_NE(mailer_.sent[0].body.find("somsri"), std::string::npos);
  // Hashed at rest: the code itself is nowhere in the table.
  auto lease = db_->Acquire();
  auto stored = (*lease)->Query("SELECT otp_hash FROM enrolments", {});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].Text(0).find(otp), std::string::npos);
  EXPECT_EQ((*stored)[0].Text(0).rfind("$argon2id$", 0), 0u);

  // Out of order: no password before the OTP.
  EXPECT_EQ(enrolment_->SetPassword(token, kNewPassword, kNewPassword, kRemote).status().stable_code(),
            "auth.enrolment_stage");
  ASSERT_TRUE(enrolment_->ConfirmOtp(token, otp, kRemote).ok());
  // Single use: the same code again is refused (the stage moved on).
  EXPECT_EQ(enrolment_->ConfirmOtp(token, otp, kRemote).stable_code(), "auth.enrolment_stage");

  EXPECT_EQ(enrolment_->SetPassword(token, kNewPassword, "other", kRemote).status().stable_code(),
            "auth.password_mismatch");
  EXPECT_EQ(enrolment_->SetPassword(token, "password1234", "password1234", kRemote)
                .status()
                .stable_code(),
            "auth.password_policy");
  auto session = enrolment_->SetPassword(token, kNewPassword, kNewPassword, kRemote);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  // Used up.
  EXPECT_EQ(enrolment_->Get(token).status().stable_code(), "auth.enrolment");
  auto login = auth_->Login("somsri", kNewPassword, kRemote);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  auto user = auth_->GetUser(invited_.id);
  ASSERT_TRUE(user.ok());

  const auto events = Events();
  for (const char* expected : {"oidc_verified", "otp_sent", "otp_used"}) {
    EXPECT_NE(std::find(events.begin(), events.end(), expected), events.end()) << expected;
  }
  // A second sign-in at the provider is recovery.
  auto again = enrolment_->Begin(Claims(), kRemote);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(enrolment_->Get(*again)->recovery);
}

TEST_P(EnrolmentTest, UnknownOrDisabledPersonIsRefused) {
  auto unknown = enrolment_->Begin(Claims("3100600445139"), kRemote);
  EXPECT_EQ(unknown.status().stable_code(), "auth.no_invitation");
  ASSERT_TRUE(auth_->SetDisabled(admin_, invited_.id, true, kRemote).ok());
  auto disabled = enrolment_->Begin(Claims(), kRemote);
  EXPECT_EQ(disabled.status().stable_code(), "auth.disabled");
  EXPECT_EQ(enrolment_->Get("00").status().stable_code(), "auth.enrolment");
  EXPECT_EQ(enrolment_->Get(std::string(64, 'a')).status().stable_code(), "auth.enrolment");
}

TEST_P(EnrolmentTest, CorrectOtpAfterExpiryIsRefused) {
  const std::string token = Begin();
  ASSERT_TRUE(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).ok());
  const std::string otp = mailer_.LastOtp();
  clock_.AdvanceMillis(10 * 60 * 1000 + 1);
  Status late = enrolment_->ConfirmOtp(token, otp, kRemote);
  EXPECT_EQ(late.stable_code(), "auth.otp_expired");
  EXPECT_NE(late.message_th().find("หมดอายุ"), std::string::npos);
  // A fresh code works.
  ASSERT_TRUE(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).ok());
  EXPECT_TRUE(enrolment_->ConfirmOtp(token, mailer_.LastOtp(), kRemote).ok());
}

TEST_P(EnrolmentTest, FiveWrongOtpsVoidTheEnrolment) {
  const std::string token = Begin();
  ASSERT_TRUE(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).ok());
  const std::string otp = mailer_.LastOtp();
  const std::string wrong = otp == "000000" ? "111111" : "000000";
  for (int left = 4; left >= 1; --left) {
    Status refused = enrolment_->ConfirmOtp(token, wrong, kRemote);
    EXPECT_EQ(refused.stable_code(), "auth.otp_wrong");
    EXPECT_NE(refused.message_th().find("ใส่ได้อีก " + std::to_string(left) + " ครั้ง"),
              std::string::npos)
        << refused.message_th();
  }
  Status locked = enrolment_->ConfirmOtp(token, wrong, kRemote);
  EXPECT_EQ(locked.stable_code(), "auth.otp_locked");
  EXPECT_NE(locked.message_th().find("ยกเลิก"), std::string::npos);
  // Even the right code no longer helps: the enrolment is gone.
  EXPECT_EQ(enrolment_->ConfirmOtp(token, otp, kRemote).stable_code(), "auth.enrolment");
  const auto events = Events();
  EXPECT_EQ(std::count(events.begin(), events.end(), "otp_failed"), 4);
  EXPECT_EQ(std::count(events.begin(), events.end(), "otp_locked"), 1);
}

TEST_P(EnrolmentTest, ResendsWaitAMinuteAndAreCapped) {
  const std::string token = Begin();
  EXPECT_EQ(enrolment_->SendOtp(token, "not an address", kRemote).stable_code(), "mail.address");
  ASSERT_TRUE(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).ok());
  const std::string first = mailer_.LastOtp();
  clock_.AdvanceMillis(30 * 1000);
  Status soon = enrolment_->SendOtp(token, "somsri@example.go.th", kRemote);
  EXPECT_EQ(soon.stable_code(), "auth.otp_wait");
  EXPECT_NE(soon.message_th().find("30 วินาที"), std::string::npos) << soon.message_th();
  for (int sent = 2; sent <= 5; ++sent) {
    clock_.AdvanceMillis(61 * 1000);
    ASSERT_TRUE(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).ok()) << sent;
  }
  EXPECT_EQ(mailer_.sent.size(), 5u);
  // A resend replaces the code: the first one is no longer accepted.
  if (first != mailer_.LastOtp()) {
    EXPECT_EQ(enrolment_->ConfirmOtp(token, first, kRemote).stable_code(), "auth.otp_wrong");
  }
  clock_.AdvanceMillis(61 * 1000);
  EXPECT_EQ(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).stable_code(),
            "auth.otp_sends");
  // Starting again at the provider does not reset the cap on the address.
  const std::string fresh = Begin();
  EXPECT_EQ(enrolment_->SendOtp(fresh, "somsri@example.go.th", kRemote).stable_code(),
            "auth.otp_sends");
  // After an hour the address may receive mail again.
  clock_.AdvanceMillis(3600 * 1000);
  const std::string later = Begin();
  EXPECT_TRUE(enrolment_->SendOtp(later, "somsri@example.go.th", kRemote).ok());
}

TEST_P(EnrolmentTest, MailFailureIsReportedAndRecorded) {
  const std::string token = Begin();
  mailer_.fail = true;
  EXPECT_EQ(enrolment_->SendOtp(token, "somsri@example.go.th", kRemote).stable_code(),
            "mail.unavailable");
  const auto events = Events();
  EXPECT_NE(std::find(events.begin(), events.end(), "otp_mail_failed"), events.end());
}

TEST_P(EnrolmentTest, EnrolmentExpiresAfterHalfAnHour) {
  const std::string token = Begin();
  clock_.AdvanceMillis(30 * 60 * 1000 + 1);
  EXPECT_EQ(enrolment_->Get(token).status().stable_code(), "auth.enrolment");
}

INSTANTIATE_TEST_SUITE_P(Dialects, EnrolmentTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::auth
