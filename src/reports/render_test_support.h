// reports/render_test_support.h — helpers shared by the renderer tests: sample figures, CSV
// line splitting, and running the tools an auditor would use on our files (poppler's
// pdftotext/pdffonts, unzip) on a scratch copy. Test-only; header-only.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "reports/documents.h"

namespace klang::reports {

// The organisation every sample document belongs to.
inline constexpr std::string_view kOrgName = "องค์การบริหารส่วนตำบลบ้านนา";
inline OrgHeading Org() { return {std::string(kOrgName), "อบต.", "อำเภอเมืองขอนแก่น จังหวัดขอนแก่น"}; }

inline Money Baht(int64_t satang) { return Money::FromSatang(satang); }
inline Date Day(int year, int month, int day) { return Date::FromCivil(year, month, day).value(); }

inline std::vector<std::string> SplitCrlf(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find("\r\n", start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

inline size_t CountOf(std::string_view haystack, std::string_view needle) {
  size_t count = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

inline bool Executable(const char* path) { return access(path, X_OK) == 0; }

// A scratch directory for files handed to external tools; removed with its contents.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = ::testing::TempDir() + "klang-render-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const char* made = mkdtemp(buffer.data());
    if (made != nullptr) path_ = made;
  }
  ~ScratchDir() {
    if (!path_.empty()) std::system(("rm -rf '" + path_ + "'").c_str());
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

 private:
  std::string path_;
};

// Runs a shell command and returns its standard output.
inline std::string RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, read);
  pclose(pipe);
  return output;
}

// pdftotext in -layout mode (columns kept apart, as a reader sees them) or -raw mode (content
// stream order). -layout regroups glyphs by position and, for Thai, splits some clusters whose
// marks overhang ("ตั้งแต่" comes out "ตัง้ แต่"), so whole Thai phrases are checked in -raw.
enum class TextMode { kLayout, kRaw };
inline std::string PdfText(const ScratchDir& dir, const std::string& pdf,
                           TextMode mode = TextMode::kLayout) {
  const std::string file = dir.Write("doc.pdf", pdf);
  const char* flag = mode == TextMode::kLayout ? "-layout" : "-raw";
  return RunCommand(std::string("/usr/bin/pdftotext ") + flag + " '" + file + "' - 2>/dev/null");
}

// True when every Laksaman font in the PDF is embedded (and there is at least one).
inline bool LaksamanEmbedded(const ScratchDir& dir, const std::string& pdf) {
  const std::string file = dir.Write("fonts.pdf", pdf);
  std::istringstream listing(RunCommand("/usr/bin/pdffonts '" + file + "' 2>/dev/null"));
  bool found = false;
  for (std::string line; std::getline(listing, line);) {
    if (line.find("Laksaman") == std::string::npos) continue;
    // Columns from the right: object id, generation, uni, sub, emb.
    std::istringstream words(line);
    std::vector<std::string> tokens;
    for (std::string token; words >> token;) tokens.push_back(token);
    if (tokens.size() < 6 || tokens[tokens.size() - 5] != "yes") return false;
    found = true;
  }
  return found;
}

// `text` without spaces and line breaks (form feeds, which end pages, stay).
inline std::string WithoutSpaces(std::string_view text) {
  std::string flat;
  for (char c : text) {
    if (c != ' ' && c != '\n') flat.push_back(c);
  }
  return flat;
}

// What a reader sees, for phrase checks: pdftotext's text without spaces and line breaks.
// At small sizes pdftotext splits Thai words at glyph gaps ("เป็ นเงิน"), and wrapped cells
// break phrases across lines; neither is in the PDF itself (see the PNG check in the file
// comment), so phrases are compared without either. Pages still end in a form feed.
class PdfReading {
 public:
  explicit PdfReading(const std::string& pdf)
      : flat_(WithoutSpaces(PdfText(ScratchDir(), pdf, TextMode::kRaw))) {}
  size_t Count(std::string_view phrase) const { return CountOf(flat_, WithoutSpaces(phrase)); }
  bool Has(std::string_view phrase) const { return Count(phrase) > 0; }
  size_t pages() const { return CountOf(flat_, "\f"); }
  // The text of one page, 1-based.
  PdfReading Page(size_t number) const {
    size_t start = 0;
    for (size_t page = 1; page < number; ++page) start = flat_.find('\f', start) + 1;
    return PdfReading(flat_.substr(start, flat_.find('\f', start) - start), 0);
  }
  const std::string& text() const { return flat_; }

 private:
  PdfReading(std::string flat, int) : flat_(std::move(flat)) {}
  std::string flat_;
};

inline bool PdfToolsMissing() { return !Executable("/usr/bin/pdftotext"); }

// One sample document: its file name (the ending says what it is), its bytes, and a phrase its
// reader must find in it (PDF and CSV).
struct Sample {
  std::string name;
  Result<std::string> bytes;
  std::string phrase;
};

// Writes every sample for a person to look at — into KLANG_RENDER_SAMPLES_DIR when set (then
// `pdftoppm -png -r 60 …`), else a scratch folder — and checks each as a reader's tools see it:
// every PDF opens, has pages, names the organisation and the phrase, and its first page
// rasterises; every workbook is a zip with its sheet; every CSV starts with the byte-order mark.
inline void WriteAndCheckSamples(const std::vector<Sample>& samples) {
  const ScratchDir scratch;
  const char* asked = std::getenv("KLANG_RENDER_SAMPLES_DIR");
  for (const auto& sample : samples) {
    ASSERT_TRUE(sample.bytes.ok()) << sample.name << ": " << sample.bytes.status().ToString();
    const std::string& bytes = *sample.bytes;
    const std::string file =
        asked != nullptr && *asked != '\0'
            ? (std::ofstream(std::string(asked) + "/" + sample.name, std::ios::binary) << bytes,
               std::string(asked) + "/" + sample.name)
            : scratch.Write(sample.name, bytes);
    const std::string ending = sample.name.substr(sample.name.rfind('.') + 1);
    if (ending == "csv") {
      EXPECT_EQ(bytes.rfind("\xEF\xBB\xBF", 0), 0u) << sample.name;
      EXPECT_NE(bytes.find(sample.phrase), std::string::npos) << sample.name;
      continue;
    }
    if (ending == "xlsx") {
      EXPECT_EQ(bytes.rfind("PK", 0), 0u) << sample.name;
      EXPECT_NE(RunCommand("/usr/bin/unzip -l '" + file + "' 2>/dev/null").find("xl/worksheets/sheet1.xml"),
                std::string::npos)
          << sample.name;
      continue;
    }
    ASSERT_EQ(ending, "pdf") << sample.name;
    EXPECT_EQ(bytes.rfind("%PDF-", 0), 0u) << sample.name;
    if (PdfToolsMissing()) continue;
    const PdfReading reading(bytes);
    EXPECT_GE(reading.pages(), 1u) << sample.name;
    EXPECT_TRUE(reading.Has(kOrgName)) << sample.name;
    EXPECT_TRUE(reading.Has(sample.phrase)) << sample.name << " lacks " << sample.phrase;
    const std::string png = file + ".page";
    RunCommand("/usr/bin/pdftoppm -png -r 30 -f 1 -l 1 -singlefile '" + file + "' '" + png + "'");
    std::ifstream picture(png + ".png", std::ios::binary | std::ios::ate);
    EXPECT_GT(picture.good() ? static_cast<long>(picture.tellg()) : 0L, 1000L) << sample.name;
  }
}

}  // namespace klang::reports
