// reports/pdf_canvas.h — a small drawing surface for printed documents: Cairo PDF pages with
// Thai text laid out by Pango (HarfBuzz shaping, libthai line breaking) in Laksaman, the
// TH Sarabun PSK derivative that Debian ships (DESIGN.md §5, §7).
//
// Units are PDF points (1/72 inch); x grows rightwards and y downwards from the page's top left.
// A document is a function that draws onto the canvas, calling NewPage() when a page is full.
// Render() runs that function twice: once to count the pages and once for real, so every
// footer can say "หน้า 1/3" without each document pre-computing its pagination. The function
// must therefore draw the same thing both times (it only learns page_count() on the second).
//
// Drawing calls do not return errors one by one: Cairo latches its first error, Render()
// checks it after each pass and reports it as Status::Internal("pdf.cairo").
// Not thread-safe; each Render() call owns its surface, so concurrent renders are fine.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "core/thai.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoLayout PangoLayout;

namespace klang::reports {

enum class PageOrientation { kPortrait, kLandscape };
enum class Align { kLeft, kCenter, kRight };

struct Rgb {
  double red = 0, green = 0, blue = 0;
};
inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kGrey{0.35, 0.35, 0.35};
inline constexpr Rgb kHeaderFill{0.88, 0.88, 0.88};
inline constexpr Rgb kAlertRed{0.75, 0.05, 0.05};

struct TextStyle {
  double size_pt = 14;  // Laksaman runs small: 14 pt reads like 10.5 pt of a Latin font
  bool bold = false;
  Align align = Align::kLeft;
  // Wrap onto as many lines as needed. Otherwise the text stays on one line and, if too wide,
  // is shrunk (shrink_to_fit, for amounts: a figure must never be cut) or ends in "…".
  bool wrap = false;
  bool shrink_to_fit = false;
  Rgb color = kBlack;
};

struct PageSetup {
  PageOrientation orientation = PageOrientation::kPortrait;
  double margin_left_pt = 42, margin_right_pt = 36, margin_top_pt = 36, margin_bottom_pt = 30;
  std::string title;  // PDF metadata
};

// Page set-ups. Forms (vouchers, receipts, remittance slips): A4 portrait with the wider
// binding margin at the left, as the paper forms are filed. Reports (registers, statements):
// narrow margins, for wide tables.
PageSetup FormPageSetup(std::string title);
PageSetup ReportPageSetup(PageOrientation orientation, std::string title);

// The type sizes and cell spacing of the forms. Laksaman runs small: 15 pt body text reads
// like 11 pt of a Latin font.
inline constexpr double kFormBodySizePt = 15;
inline constexpr double kFormOrgSizePt = 18;
inline constexpr double kFormTitleSizePt = 20;
inline constexpr double kFormCellPaddingXPt = 5;
inline constexpr double kFormCellPaddingYPt = 3;
// The check mark printed above the footer of receipts, vouchers and ฎีกา: a QR code this tall.
inline constexpr double kCheckMarkHeightPt = 62;

class PdfCanvas {
 public:
  using DrawFunction = std::function<Status(PdfCanvas& canvas)>;

  // Returns the PDF bytes of the document that `draw` produces (A4). A non-OK Status from
  // `draw` is returned as is.
  static Result<std::string> Render(const PageSetup& setup, const DrawFunction& draw);

  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;
  ~PdfCanvas();

  double page_width() const { return page_width_; }
  double page_height() const { return page_height_; }
  // The printable box inside the margins.
  double left() const { return setup_.margin_left_pt; }
  double right() const { return page_width_ - setup_.margin_right_pt; }
  double top() const { return setup_.margin_top_pt; }
  double bottom() const { return page_height_ - setup_.margin_bottom_pt; }
  double content_width() const { return right() - left(); }

  int page_number() const { return page_number_; }  // 1-based
  int page_count() const { return page_count_; }    // 0 during the counting pass

  // Draws `text` in the box [x, x + width] with its top at y; returns the height used.
  double Text(double x, double y, double width, std::string_view text, const TextStyle& style);
  // What Text() would use, without drawing.
  double TextHeight(double width, std::string_view text, const TextStyle& style);
  double TextWidth(std::string_view text, const TextStyle& style);
  // Height of one line of text in `style`, for rows that must not depend on their content.
  double LineHeight(const TextStyle& style) { return TextHeight(0, "ก", style); }

  void Line(double x0, double y0, double x1, double y1, double width_pt = 0.5, Rgb color = kBlack);
  void StrokeRect(double x, double y, double width, double height, double line_width_pt = 0.5,
                  Rgb color = kBlack);
  void FillRect(double x, double y, double width, double height, Rgb color);

  // `text` as a QR code (error correction M) in a `size` square with its top left at (x, y),
  // its quiet zone inside the square. Nothing is drawn when the text cannot be encoded.
  void QrCode(double x, double y, double size, std::string_view text);
  // A printed document's check mark (witness/document_check.h): the QR code of `url` and, beside
  // it, how to check the document and its check `code`. Takes kCheckMarkHeightPt.
  void CheckMark(double x, double y, double width, std::string_view url, std::string_view code);

  // Ends the current page and starts the next.
  void NewPage();

  // "ลงชื่อ ........................ ผู้จัดทำ" centred in [x, x + width], with "(name)" (or a
  // dotted blank) centred under the dotted line and, when `position` is given, "ตำแหน่ง
  // position" under that; a name or position too long for the slot wraps onto more lines under
  // the line, never cut. Returns the height used.
  double SignatureBlock(double x, double y, double width, std::string_view role,
                        std::string_view name, double size_pt, std::string_view position = {});
  // What SignatureBlock would use, without drawing.
  double SignatureBlockHeight(double width, std::string_view role, std::string_view name, double size_pt,
                              std::string_view position = {});

  // `text` large, bold and translucent along the page's rising diagonal, over whatever is drawn
  // already ("ยกเลิก" across a cancelled receipt). Long text shrinks to fit on one line, down
  // to a legible size, and wraps beyond that.
  void Stamp(std::string_view text, Rgb color);

 private:
  // Draws on `surface`, which the caller owns and finishes.
  PdfCanvas(const PageSetup& setup, cairo_surface_t* surface, int page_count);
  // SignatureBlock, drawn or (`draw` false) only measured.
  double Signature(bool draw, double x, double y, double width, std::string_view role, std::string_view name,
                   double size_pt, std::string_view position);
  // Sets the layout up for `text`; returns the font size actually used.
  double PrepareLayout(std::string_view text, double width, const TextStyle& style);

  PageSetup setup_;
  double page_width_ = 0, page_height_ = 0;
  cairo_t* cairo_ = nullptr;       // owned
  PangoLayout* layout_ = nullptr;  // owned; reused for every piece of text
  int page_number_ = 1;
  int page_count_ = 0;
};

// One row of a table: cells laid out left to right; a cell may span several columns.
struct TableCell {
  std::string text;
  int span = 1;
  Align align = Align::kLeft;
  bool bold = false;
  bool wrap = false;  // otherwise one line: amounts shrink to fit, other text ends in "…"
};

// Column geometry and cell drawing for ruled tables (grid lines on every cell).
class Table {
 public:
  // Cell text sits `padding_x_pt` from the vertical rules and `padding_y_pt` from the others.
  Table(double x, std::vector<double> column_widths, double size_pt, double padding_x_pt = 5,
        double padding_y_pt = 3);

  double x() const { return x_; }
  double width() const;
  double column_x(int column) const;  // left edge of `column`
  double span_width(int first_column, int span) const;

  // Height the row needs: the tallest cell plus padding, at least one line.
  double RowHeight(PdfCanvas& canvas, const std::vector<TableCell>& cells) const;
  // Draws a row with its top at y; `fill` shades the background (e.g. kHeaderFill).
  void DrawRow(PdfCanvas& canvas, double y, double height, const std::vector<TableCell>& cells,
               const Rgb* fill = nullptr) const;
  // Draws text centred in a box with a border; for header cells spanning rows or columns.
  void DrawBox(PdfCanvas& canvas, double x, double y, double width, double height,
               std::string_view text, bool bold, const Rgb* fill = nullptr) const;

  // A one-row header of bold, centred, wrapped titles over each column; DocumentFlow repeats it
  // at the top of every page the table continues on.
  void set_header(const std::vector<std::string>& titles);
  double HeaderHeight(PdfCanvas& canvas) const;
  // Draws the header shaded with its top at y and returns the y below it (y when there is none).
  double DrawHeader(PdfCanvas& canvas, double y) const;

 private:
  double x_;
  std::vector<double> widths_;
  std::vector<TableCell> header_;
  double size_pt_;
  double padding_x_pt_;
  double padding_y_pt_;
};

// One signature block to print (see PdfCanvas::SignatureBlock).
struct SignatureSlot {
  std::string role;      // "ผู้รับเงิน"
  std::string name;      // empty prints a dotted blank to fill in by hand
  std::string position;  // empty prints no ตำแหน่ง line
};

// Lays a document out down the page and across pages, with the furniture the printed documents
// share: centred heading lines, a footer (a small note such as the integrity line at the left,
// "หน้า n/N" at the right), a one-line continuation heading on later pages, table rows that
// move to a new page together with the table's header, rows of signature blocks and an
// optional stamp on every page. The caller keeps the current y and passes it along.
class DocumentFlow {
 public:
  struct Options {
    double body_size_pt = kFormBodySizePt;
    DigitStyle digits = DigitStyle::kArabic;
    std::string footer_note;  // printed small and grey at the left of every footer
    double footer_note_size_pt = 10;
    bool page_marker = true;         // "หน้า n/N" at the right of every footer
    std::string continuation_title;  // later pages start with "<title>  (ต่อ)"
    std::string stamp;               // drawn with PdfCanvas::Stamp on every page; "" for none
    // With a URL, every page carries the document's check mark (PdfCanvas::CheckMark) above
    // its footer.
    std::string check_url;
    std::string check_code;
  };

  DocumentFlow(PdfCanvas& canvas, Options options);

  PdfCanvas& canvas() { return canvas_; }
  Options& options() { return options_; }

  struct HeadingLine {
    std::string text;
    double size_pt;
    bool bold;
  };

  // Each of these draws at y and returns the y below what it drew.
  // A document heading as on the paper forms: `centred` lines (title, organisation) and, at
  // the right margin, `right_lines` (เล่มที่, เลขที่) as a left-aligned block under an optional
  // boxed `mark` ("ต้นฉบับ"). Centred lines that start beside the block keep clear of it on both
  // sides, so they stay centred on the page and never run into it; keep the block short.
  double Heading(double y, const std::vector<HeadingLine>& centred,
                 const std::vector<std::string>& right_lines, std::string_view mark = {});
  // One line of body text against the right margin ("วันที่ 5 ตุลาคม 2568" under a heading).
  double RightAligned(double y, std::string_view text);
  // The indent for Labelled(): the widest of `labels` in bold, plus a gap.
  double LabelIndent(const std::vector<std::string_view>& labels);
  // A bold label at the left and wrapped text beside it, starting `indent` from the margin.
  double Labelled(double y, std::string_view label, std::string_view text, double indent);
  // Text boxed in red across the content width, for a status nobody may miss.
  double AlertBox(double y, std::string_view text);
  // A bold line at the left margin introducing what follows; moves to a new page unless
  // `keep_with_pt` more fits under it.
  double Subheading(double y, std::string_view text, double keep_with_pt);
  // Wrapped text across the content width, e.g. a note or a warning (in kAlertRed).
  double Paragraph(double y, std::string_view text, Rgb color = kBlack, bool bold = false);

  // The lowest y content may reach on this page (the footer sits below it).
  double FooterTop();
  // Finishes this page (footer, stamp) and starts a blank one; returns its top.
  double EndPage();
  // EndPage() plus the continuation heading; returns where content may continue.
  double BreakPage();
  // y if `height` fits above the footer, else the content top of a continued page.
  double Reserve(double y, double height);
  // Draws `table`'s header, first breaking the page unless the header and one row fit.
  double TableHeader(const Table& table, double y);
  // Draws a row. If the row (plus `keep_with_pt` of what must follow it on the same page) does
  // not fit, it goes to a continued page under a repeat of the table's header.
  double TableRow(const Table& table, double y, const std::vector<TableCell>& cells,
                  double keep_with_pt = 0, const Rgb* fill = nullptr);

  // Signature blocks `per_row` to a row, each row `gap_pt` below what precedes it.
  double SignaturesHeight(const std::vector<SignatureSlot>& slots, size_t per_row, double gap_pt);
  // Breaks the page first if the blocks do not all fit: signatures never stand apart.
  double Signatures(double y, const std::vector<SignatureSlot>& slots, size_t per_row,
                    double gap_pt);

  // Footer and stamp of the last page; call once when done.
  void Finish();

  // An amount cell, right-aligned, in the document's digits (see AmountCell).
  TableCell Amount(Money amount, bool bold = false) const;
  // Applies the document's digit style (see Digits).
  std::string WithDigits(std::string text) const;

 private:
  double Centred(double y, std::string_view text, double size_pt, bool bold);
  void Footer();
  double SignatureRowHeight(const std::vector<SignatureSlot>& slots, size_t first, size_t count);

  PdfCanvas& canvas_;
  Options options_;
};

// The width of a column whose cells must show `texts` on one line (index numbers, account
// numbers, a short title): the widest of them in bold, plus the cell paddings.
double FittedColumnWidth(PdfCanvas& canvas, const std::vector<std::string>& texts, double size_pt,
                         double padding_x_pt);

// Shares `available` width among columns that would like `natural` widths and need at least
// `minimum` (a column that must not wrap has minimum = natural): when all fit, each gets its
// natural width plus a proportional part of the spare; otherwise the widest columns are capped
// at one common width, so only they wrap. When even the minimums do not fit, they shrink alike.
std::vector<double> ShareWidth(double available, const std::vector<double>& natural,
                               const std::vector<double>& minimum);

// The width of an amount column showing `amounts` in bold `digits` between cell paddings of
// `padding_x_pt`: at least room for 999,999.99 and at most for 99,999,999.99, so a small
// document does not waste width and a huge figure shrinks to fit its cell instead.
double AmountColumnWidth(PdfCanvas& canvas, const std::vector<Money>& amounts, DigitStyle digits,
                         double size_pt, double padding_x_pt);

// "1,234.50" in the chosen digits; zero prints as "-" so an empty cell cannot be filled later.
std::string AmountCell(Money amount, DigitStyle digits);
// Applies the digit style to text we generate ("2569", "หน้า 1/3").
std::string Digits(std::string text, DigitStyle digits);

}  // namespace klang::reports
