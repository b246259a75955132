// reports/pdf_canvas.cc — see pdf_canvas.h.
#include "reports/pdf_canvas.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "core/assert.h"

namespace klang::reports {
namespace {

// ISO 216 A4 in points.
constexpr double kA4ShortSidePt = 595.276;
constexpr double kA4LongSidePt = 841.89;
constexpr const char* kFontFamily = "Laksaman";
// Amounts shrink to fit a column rather than lose digits, but not below legibility.
constexpr double kShrinkSizeMinPt = 7;
constexpr std::string_view kSignatureDots = "........................................";

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t DiscardBytes(void*, const unsigned char*, unsigned int) {
  return CAIRO_STATUS_SUCCESS;
}

Status CairoStatus(cairo_status_t status, std::string_view where) {
  if (status == CAIRO_STATUS_SUCCESS) return Status::Ok();
  return Status::Internal("pdf.cairo", std::string(where) + ": " + cairo_status_to_string(status));
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

PangoAlignment ToPango(Align align) {
  switch (align) {
    case Align::kLeft:
      return PANGO_ALIGN_LEFT;
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
  }
  return PANGO_ALIGN_LEFT;
}

void SetFont(PangoLayout* layout, double size_pt, bool bold) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family_static(font, kFontFamily);
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  // Absolute size is in device units, which are points on a PDF surface; a plain point size
  // would be scaled by Pango's default 96 dpi and come out a third too large.
  pango_font_description_set_absolute_size(font, size_pt * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
}

}  // namespace

PageSetup FormPageSetup(std::string title) {
  return {.orientation = PageOrientation::kPortrait,
          .margin_left_pt = 50,
          .margin_right_pt = 40,
          .margin_top_pt = 40,
          .margin_bottom_pt = 30,
          .title = std::move(title)};
}

PageSetup ReportPageSetup(PageOrientation orientation, std::string title) {
  return {.orientation = orientation,
          .margin_left_pt = 30,
          .margin_right_pt = 24,
          .margin_top_pt = 30,
          .margin_bottom_pt = 24,
          .title = std::move(title)};
}

Result<std::string> PdfCanvas::Render(const PageSetup& setup, const DrawFunction& draw) {
  const bool landscape = setup.orientation == PageOrientation::kLandscape;
  const double width = landscape ? kA4LongSidePt : kA4ShortSidePt;
  const double height = landscape ? kA4ShortSidePt : kA4LongSidePt;

  // Runs `draw` once on `surface` and returns the number of pages drawn.
  auto run_pass = [&](SurfacePtr surface, int page_count) -> Result<int> {
    KLANG_RETURN_IF_ERROR(CairoStatus(cairo_surface_status(surface.get()), "create surface"));
    int pages = 0;
    {
      PdfCanvas canvas(setup, surface.get(), page_count);
      KLANG_RETURN_IF_ERROR(draw(canvas));
      cairo_show_page(canvas.cairo_);
      KLANG_RETURN_IF_ERROR(CairoStatus(cairo_status(canvas.cairo_), "draw"));
      pages = canvas.page_number_;
    }
    cairo_surface_finish(surface.get());  // writes fonts, page tree and trailer
    KLANG_RETURN_IF_ERROR(CairoStatus(cairo_surface_status(surface.get()), "finish"));
    return pages;
  };

  KLANG_ASSIGN_OR_RETURN(const int page_count,
                         run_pass(SurfacePtr(cairo_pdf_surface_create_for_stream(
                                      &DiscardBytes, nullptr, width, height)),
                                  0));

  std::string bytes;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(&AppendBytes, &bytes, width, height));
  if (!setup.title.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, setup.title.c_str());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Klang");
  KLANG_ASSIGN_OR_RETURN(const int pages_drawn, run_pass(std::move(surface), page_count));
  if (pages_drawn != page_count) {
    // The page count printed in every footer would be wrong.
    return Status::Internal("pdf.unstable_layout", "document drew " + std::to_string(page_count) +
                                                       " pages, then " +
                                                       std::to_string(pages_drawn));
  }
  return bytes;
}

PdfCanvas::PdfCanvas(const PageSetup& setup, cairo_surface_t* surface, int page_count)
    : setup_(setup),
      page_width_(setup.orientation == PageOrientation::kLandscape ? kA4LongSidePt
                                                                   : kA4ShortSidePt),
      page_height_(setup.orientation == PageOrientation::kLandscape ? kA4ShortSidePt
                                                                    : kA4LongSidePt),
      cairo_(cairo_create(surface)),
      layout_(pango_cairo_create_layout(cairo_)),
      page_count_(page_count) {}

PdfCanvas::~PdfCanvas() {
  g_object_unref(layout_);
  cairo_destroy(cairo_);
}

double PdfCanvas::PrepareLayout(std::string_view text, double width, const TextStyle& style) {
  std::string repaired;
  if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    // Pango refuses invalid UTF-8 outright; print replacement characters instead.
    gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    repaired = valid;
    g_free(valid);
    text = repaired;
  }
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  pango_layout_set_alignment(layout_, ToPango(style.align));
  // Thai has no spaces between words; Pango finds word boundaries with libthai and breaks
  // inside a word only when one word is wider than the box.
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  SetFont(layout_, style.size_pt, style.bold);

  const bool one_line = !style.wrap && width > 0;
  double size_pt = style.size_pt;
  if (one_line && style.shrink_to_fit) {
    pango_layout_set_width(layout_, -1);
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_NONE);
    int natural_width = 0;
    pango_layout_get_size(layout_, &natural_width, nullptr);
    const double natural_width_pt = static_cast<double>(natural_width) / PANGO_SCALE;
    if (natural_width_pt > width) {
      size_pt = std::max(kShrinkSizeMinPt, size_pt * width / natural_width_pt * 0.98);
      SetFont(layout_, size_pt, style.bold);
    }
  }
  pango_layout_set_width(layout_, width > 0 ? pango_units_from_double(width) : -1);
  pango_layout_set_ellipsize(layout_, one_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  return size_pt;
}

double PdfCanvas::Text(double x, double y, double width, std::string_view text,
                       const TextStyle& style) {
  double baseline_shift = 0;
  double height = 0;
  const double size_pt = PrepareLayout(text, width, style);
  if (size_pt != style.size_pt) {
    // Shrunk text sits on the baseline the full-size text would have used, so a shrunk amount
    // lines up with its neighbours.
    const double shrunk_baseline = static_cast<double>(pango_layout_get_baseline(layout_));
    SetFont(layout_, style.size_pt, style.bold);
    const double full_baseline = static_cast<double>(pango_layout_get_baseline(layout_));
    int full_height = 0;
    pango_layout_get_size(layout_, nullptr, &full_height);
    height = static_cast<double>(full_height) / PANGO_SCALE;
    baseline_shift = (full_baseline - shrunk_baseline) / PANGO_SCALE;
    SetFont(layout_, size_pt, style.bold);
  } else {
    int layout_height = 0;
    pango_layout_get_size(layout_, nullptr, &layout_height);
    height = static_cast<double>(layout_height) / PANGO_SCALE;
  }
  cairo_set_source_rgb(cairo_, style.color.red, style.color.green, style.color.blue);
  cairo_move_to(cairo_, x, y + baseline_shift);
  pango_cairo_show_layout(cairo_, layout_);
  return height;
}

double PdfCanvas::TextHeight(double width, std::string_view text, const TextStyle& style) {
  TextStyle full_size = style;
  full_size.shrink_to_fit = false;  // a shrunk line still takes a full line's height
  PrepareLayout(text, width, full_size);
  int height = 0;
  pango_layout_get_size(layout_, nullptr, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

double PdfCanvas::TextWidth(std::string_view text, const TextStyle& style) {
  TextStyle natural = style;
  natural.shrink_to_fit = false;
  PrepareLayout(text, 0, natural);
  int width = 0;
  pango_layout_get_size(layout_, &width, nullptr);
  return static_cast<double>(width) / PANGO_SCALE;
}

void PdfCanvas::Line(double x0, double y0, double x1, double y1, double width_pt, Rgb color) {
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_set_line_width(cairo_, width_pt);
  cairo_move_to(cairo_, x0, y0);
  cairo_line_to(cairo_, x1, y1);
  cairo_stroke(cairo_);
}

void PdfCanvas::StrokeRect(double x, double y, double width, double height, double line_width_pt,
                           Rgb color) {
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_set_line_width(cairo_, line_width_pt);
  cairo_rectangle(cairo_, x, y, width, height);
  cairo_stroke(cairo_);
}

void PdfCanvas::FillRect(double x, double y, double width, double height, Rgb color) {
  cairo_set_source_rgb(cairo_, color.red, color.green, color.blue);
  cairo_rectangle(cairo_, x, y, width, height);
  cairo_fill(cairo_);
}

void PdfCanvas::QrCode(double x, double y, double size, std::string_view text) {
  constexpr int kQuietModules = 4;
  QRcode* code = QRcode_encodeString(std::string(text).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) return;
  const double module = size / (code->width + 2 * kQuietModules);
  cairo_set_source_rgb(cairo_, 0, 0, 0);
  for (int row = 0; row < code->width; ++row) {
    for (int column = 0; column < code->width; ++column) {
      if ((code->data[row * code->width + column] & 1) == 0) continue;
      cairo_rectangle(cairo_, x + (column + kQuietModules) * module, y + (row + kQuietModules) * module, module,
                      module);
    }
  }
  cairo_fill(cairo_);
  QRcode_free(code);
}

void PdfCanvas::CheckMark(double x, double y, double width, std::string_view url, std::string_view code) {
  QrCode(x, y, kCheckMarkHeightPt, url);
  const double text_x = x + kCheckMarkHeightPt + 4;
  const TextStyle small{.size_pt = 11, .color = kGrey};
  const TextStyle code_style{.size_pt = 13, .bold = true, .color = kBlack};
  // Three lines beside the code, centred on its height (Laksaman's lines are tall: 1.65 em).
  const double lines = 2 * LineHeight(small) + LineHeight(code_style);
  double line_y = y + std::max(0.0, (kCheckMarkHeightPt - lines) / 2);
  line_y += Text(text_x, line_y, width - kCheckMarkHeightPt - 4,
                 "ตรวจสอบว่าเอกสารนี้อยู่ในบัญชีของหน่วยงานและไม่ถูกแก้ไข: สแกนคิวอาร์โค้ด", small);
  const std::string_view base = url.substr(0, url.rfind("/check/") == std::string_view::npos ? url.size()
                                                                                            : url.rfind("/check/") + 6);
  line_y += Text(text_x, line_y, width - kCheckMarkHeightPt - 4, "หรือเปิด " + std::string(base), small);
  Text(text_x, line_y, width - kCheckMarkHeightPt - 4, "รหัสตรวจสอบ " + std::string(code), code_style);
}

void PdfCanvas::NewPage() {
  cairo_show_page(cairo_);
  ++page_number_;
}

double PdfCanvas::SignatureBlock(double x, double y, double width, std::string_view role,
                                 std::string_view name, double size_pt, std::string_view position) {
  return Signature(/*draw=*/true, x, y, width, role, name, size_pt, position);
}

double PdfCanvas::SignatureBlockHeight(double width, std::string_view role, std::string_view name, double size_pt,
                                       std::string_view position) {
  return Signature(/*draw=*/false, 0, 0, width, role, name, size_pt, position);
}

double PdfCanvas::Signature(bool draw, double x, double y, double width, std::string_view role, std::string_view name,
                            double size_pt, std::string_view position) {
  const TextStyle style{.size_pt = size_pt};
  constexpr double kGapPt = 4;
  constexpr double kDotsWidthMinPt = 60;
  constexpr double kDotsWidthMaxPt = 150;
  const std::string_view sign = "ลงชื่อ";
  const double sign_width = TextWidth(sign, style);
  const double role_width = TextWidth(role, style);
  // The dotted line takes what the slot leaves after the words, within readable bounds.
  const double dots_width = std::clamp(width - sign_width - role_width - 2 * kGapPt - 40,
                                       kDotsWidthMinPt, kDotsWidthMaxPt);
  const std::string dots(static_cast<size_t>(dots_width / TextWidth(".", style)), '.');
  const double line_width = sign_width + kGapPt + dots_width + kGapPt + role_width;
  const double sign_x = x + (width - line_width) / 2;
  const double dots_x = sign_x + sign_width + kGapPt;
  const double line_height = LineHeight(style);
  if (draw) {
    Text(sign_x, y, sign_width + 1, sign, style);
    Text(dots_x, y, dots_width, dots, {.size_pt = size_pt, .align = Align::kCenter});
    Text(dots_x + dots_width + kGapPt, y, role_width + 1, role, style);
  }
  // The name (and position) centred under the dotted line, in the widest box centred there that
  // the slot holds; a long one wraps under the line.
  const std::string printed_name = "(" + (name.empty() ? dots : std::string(name)) + ")";
  const double name_center = dots_x + dots_width / 2;
  const double name_box = std::min(width, 2 * std::min(name_center - x, x + width - name_center));
  const TextStyle centred{.size_pt = size_pt, .align = Align::kCenter, .wrap = true};
  double used = line_height * 1.1;
  used += draw ? Text(name_center - name_box / 2, y + used, name_box, printed_name, centred)
               : TextHeight(name_box, printed_name, centred);
  if (position.empty()) return used;
  const std::string printed_position = "ตำแหน่ง " + std::string(position);
  used += draw ? Text(name_center - name_box / 2, y + used, name_box, printed_position, centred)
               : TextHeight(name_box, printed_position, centred);
  return used;
}

void PdfCanvas::Stamp(std::string_view text, Rgb color) {
  if (text.empty()) return;
  constexpr double kSizeMaxPt = 72;
  constexpr double kSizeMinPt = 30;
  constexpr double kOpacity = 0.3;  // what lies under the stamp stays legible
  const double box_width = std::hypot(page_width_, page_height_) * 0.75;
  // One line where a legible size allows; longer text wraps at the smallest size.
  TextStyle style{.size_pt = kSizeMaxPt, .bold = true, .align = Align::kCenter, .wrap = true};
  style.size_pt =
      std::clamp(0.95 * kSizeMaxPt * box_width / TextWidth(text, style), kSizeMinPt, kSizeMaxPt);
  PrepareLayout(text, box_width, style);
  int height = 0;
  pango_layout_get_size(layout_, nullptr, &height);
  cairo_save(cairo_);
  cairo_translate(cairo_, page_width_ / 2, page_height_ / 2);
  cairo_rotate(cairo_, -std::atan2(page_height_, page_width_));
  pango_cairo_update_layout(cairo_, layout_);
  cairo_set_source_rgba(cairo_, color.red, color.green, color.blue, kOpacity);
  cairo_move_to(cairo_, -box_width / 2, -static_cast<double>(height) / PANGO_SCALE / 2);
  pango_cairo_show_layout(cairo_, layout_);
  cairo_restore(cairo_);
  pango_cairo_update_layout(cairo_, layout_);  // back to the page's own transformation
}

Table::Table(double x, std::vector<double> column_widths, double size_pt, double padding_x_pt,
             double padding_y_pt)
    : x_(x),
      widths_(std::move(column_widths)),
      size_pt_(size_pt),
      padding_x_pt_(padding_x_pt),
      padding_y_pt_(padding_y_pt) {}

double Table::width() const { return std::accumulate(widths_.begin(), widths_.end(), 0.0); }

double Table::column_x(int column) const {
  KLANG_ASSERT(column >= 0 && column <= static_cast<int>(widths_.size()));
  return x_ + std::accumulate(widths_.begin(), widths_.begin() + column, 0.0);
}

double Table::span_width(int first_column, int span) const {
  return column_x(first_column + span) - column_x(first_column);
}

double Table::RowHeight(PdfCanvas& canvas, const std::vector<TableCell>& cells) const {
  double tallest = canvas.LineHeight({.size_pt = size_pt_});
  int column = 0;
  for (const TableCell& cell : cells) {
    const double inner = span_width(column, cell.span) - 2 * padding_x_pt_;
    if (cell.wrap) {
      tallest = std::max(tallest,
                         canvas.TextHeight(inner, cell.text,
                                           {.size_pt = size_pt_, .bold = cell.bold, .wrap = true}));
    }
    column += cell.span;
  }
  return tallest + 2 * padding_y_pt_;
}

void Table::DrawRow(PdfCanvas& canvas, double y, double height, const std::vector<TableCell>& cells,
                    const Rgb* fill) const {
  int column = 0;
  for (const TableCell& cell : cells) {
    const double cell_x = column_x(column);
    const double cell_width = span_width(column, cell.span);
    if (fill != nullptr) canvas.FillRect(cell_x, y, cell_width, height, *fill);
    // Top-aligned, so amounts line up with the first line of a wrapped account name.
    canvas.Text(cell_x + padding_x_pt_, y + padding_y_pt_, cell_width - 2 * padding_x_pt_,
                cell.text,
                {.size_pt = size_pt_,
                 .bold = cell.bold,
                 .align = cell.align,
                 .wrap = cell.wrap,
                 .shrink_to_fit = !cell.wrap});
    canvas.StrokeRect(cell_x, y, cell_width, height);
    column += cell.span;
  }
  KLANG_ASSERT(column == static_cast<int>(widths_.size()));
}

void Table::DrawBox(PdfCanvas& canvas, double x, double y, double width, double height,
                    std::string_view text, bool bold, const Rgb* fill) const {
  if (fill != nullptr) canvas.FillRect(x, y, width, height, *fill);
  const TextStyle style{.size_pt = size_pt_, .bold = bold, .align = Align::kCenter, .wrap = true};
  const double inner = width - 2 * padding_x_pt_;
  const double text_height = canvas.TextHeight(inner, text, style);
  canvas.Text(x + padding_x_pt_, y + (height - text_height) / 2, inner, text, style);
  canvas.StrokeRect(x, y, width, height);
}

void Table::set_header(const std::vector<std::string>& titles) {
  header_.clear();
  for (const std::string& title : titles) {
    header_.push_back({.text = title, .align = Align::kCenter, .bold = true, .wrap = true});
  }
}

double Table::HeaderHeight(PdfCanvas& canvas) const {
  return header_.empty() ? 0 : RowHeight(canvas, header_);
}

double Table::DrawHeader(PdfCanvas& canvas, double y) const {
  if (header_.empty()) return y;
  const double height = RowHeight(canvas, header_);
  DrawRow(canvas, y, height, header_, &kHeaderFill);
  return y + height;
}

DocumentFlow::DocumentFlow(PdfCanvas& canvas, Options options)
    : canvas_(canvas), options_(std::move(options)) {}

double DocumentFlow::Centred(double y, std::string_view text, double size_pt, bool bold) {
  return y +
         canvas_.Text(canvas_.left(), y, canvas_.content_width(), text,
                      {.size_pt = size_pt, .bold = bold, .align = Align::kCenter, .wrap = true});
}

double DocumentFlow::Heading(double y, const std::vector<HeadingLine>& centred,
                             const std::vector<std::string>& right_lines, std::string_view mark) {
  constexpr double kMarkPaddingXPt = 8;
  constexpr double kMarkPaddingYPt = 3;
  constexpr double kGapPt = 8;
  const TextStyle body{.size_pt = options_.body_size_pt};
  const TextStyle mark_style{
      .size_pt = options_.body_size_pt + 1, .bold = true, .align = Align::kCenter};
  const double mark_width =
      mark.empty() ? 0 : canvas_.TextWidth(mark, mark_style) + 2 * kMarkPaddingXPt;
  double block_width = mark_width;
  for (const std::string& line : right_lines) {
    block_width = std::max(block_width, canvas_.TextWidth(line, body) + 1);
  }
  block_width = std::min(block_width, canvas_.content_width() / 3);

  double right_y = y;
  if (!mark.empty()) {
    const double mark_height = canvas_.LineHeight(mark_style) + 2 * kMarkPaddingYPt;
    canvas_.StrokeRect(canvas_.right() - mark_width, y, mark_width, mark_height, 1);
    canvas_.Text(canvas_.right() - mark_width + kMarkPaddingXPt, y + kMarkPaddingYPt,
                 mark_width - 2 * kMarkPaddingXPt, mark, mark_style);
    right_y += mark_height + kMarkPaddingYPt;
  }
  for (const std::string& line : right_lines) {
    right_y += canvas_.Text(canvas_.right() - block_width, right_y, block_width, line, body);
  }

  for (const HeadingLine& line : centred) {
    if (line.text.empty()) continue;  // e.g. an organisation without a parent line
    const double side = y < right_y ? block_width + kGapPt : 0;
    y += canvas_.Text(
        canvas_.left() + side, y, canvas_.content_width() - 2 * side, line.text,
        {.size_pt = line.size_pt, .bold = line.bold, .align = Align::kCenter, .wrap = true});
  }
  return std::max(y, right_y);
}

double DocumentFlow::RightAligned(double y, std::string_view text) {
  return y + canvas_.Text(canvas_.left(), y, canvas_.content_width(), text,
                          {.size_pt = options_.body_size_pt, .align = Align::kRight});
}

double DocumentFlow::LabelIndent(const std::vector<std::string_view>& labels) {
  double widest = 0;
  for (std::string_view label : labels) {
    widest = std::max(widest,
                      canvas_.TextWidth(label, {.size_pt = options_.body_size_pt, .bold = true}));
  }
  return widest + 12;
}

double DocumentFlow::Labelled(double y, std::string_view label, std::string_view text,
                              double indent) {
  const TextStyle label_style{.size_pt = options_.body_size_pt, .bold = true};
  const TextStyle text_style{.size_pt = options_.body_size_pt, .wrap = true};
  // Kept above the footer (and a document's check mark): a long field moves to the next page.
  y = Reserve(y, std::max(canvas_.TextHeight(indent, label, label_style),
                          canvas_.TextHeight(canvas_.content_width() - indent, text, text_style)));
  const double label_height = canvas_.Text(canvas_.left(), y, indent, label, label_style);
  const double text_height = canvas_.Text(canvas_.left() + indent, y, canvas_.content_width() - indent, text, text_style);
  return y + std::max(label_height, text_height);
}

double DocumentFlow::AlertBox(double y, std::string_view text) {
  constexpr double kPaddingPt = 5;
  const TextStyle alert{.size_pt = options_.body_size_pt + 3,
                        .bold = true,
                        .align = Align::kCenter,
                        .wrap = true,
                        .color = kAlertRed};
  const double inner = canvas_.content_width() - 4 * kPaddingPt;
  const double height = canvas_.TextHeight(inner, text, alert) + 2 * kPaddingPt;
  canvas_.StrokeRect(canvas_.left(), y, canvas_.content_width(), height, 1.5, kAlertRed);
  canvas_.Text(canvas_.left() + 2 * kPaddingPt, y + kPaddingPt, inner, text, alert);
  return y + height;
}

double DocumentFlow::Subheading(double y, std::string_view text, double keep_with_pt) {
  const TextStyle style{.size_pt = options_.body_size_pt, .bold = true, .wrap = true};
  const double height = canvas_.TextHeight(canvas_.content_width(), text, style);
  y = Reserve(y, height + keep_with_pt);
  return y + canvas_.Text(canvas_.left(), y, canvas_.content_width(), text, style);
}

double DocumentFlow::Paragraph(double y, std::string_view text, Rgb color, bool bold) {
  const TextStyle style{
      .size_pt = options_.body_size_pt, .bold = bold, .wrap = true, .color = color};
  y = Reserve(y, canvas_.TextHeight(canvas_.content_width(), text, style));
  return y + canvas_.Text(canvas_.left(), y, canvas_.content_width(), text, style);
}

double DocumentFlow::FooterTop() {
  const double check = options_.check_url.empty() ? 0 : kCheckMarkHeightPt + 4;
  return canvas_.bottom() - canvas_.LineHeight({.size_pt = options_.body_size_pt - 2}) - 4 - check;
}

void DocumentFlow::Footer() {
  if (!options_.stamp.empty()) canvas_.Stamp(options_.stamp, kAlertRed);
  double y = FooterTop() + 4;
  if (!options_.check_url.empty()) {
    canvas_.CheckMark(canvas_.left(), y, canvas_.content_width(), options_.check_url, options_.check_code);
    y += kCheckMarkHeightPt + 4;
  }
  const TextStyle marker{
      .size_pt = options_.body_size_pt - 2, .align = Align::kRight, .color = kGrey};
  const double marker_width = options_.page_marker ? 90 : 0;
  const TextStyle note{.size_pt = options_.footer_note_size_pt, .color = kGrey};
  // The note is bottom-aligned with the page marker, which is set larger.
  const double note_offset = std::max(0.0, canvas_.LineHeight(marker) - canvas_.LineHeight(note));
  canvas_.Text(canvas_.left(), y + note_offset, canvas_.content_width() - marker_width,
               options_.footer_note, note);
  if (!options_.page_marker) return;
  const int pages = std::max(canvas_.page_count(), canvas_.page_number());
  canvas_.Text(
      canvas_.right() - marker_width, y, marker_width,
      WithDigits("หน้า " + std::to_string(canvas_.page_number()) + "/" + std::to_string(pages)),
      marker);
}

double DocumentFlow::EndPage() {
  Footer();
  canvas_.NewPage();
  return canvas_.top();
}

double DocumentFlow::BreakPage() {
  const double y = EndPage();
  if (options_.continuation_title.empty()) return y;
  return Centred(y, options_.continuation_title + "  (ต่อ)", options_.body_size_pt, true) + 6;
}

double DocumentFlow::Reserve(double y, double height) {
  return y + height > FooterTop() ? BreakPage() : y;
}

double DocumentFlow::TableHeader(const Table& table, double y) {
  const double one_row = canvas_.LineHeight({.size_pt = options_.body_size_pt}) + 6;
  y = Reserve(y, table.HeaderHeight(canvas_) + one_row);
  return table.DrawHeader(canvas_, y);
}

double DocumentFlow::TableRow(const Table& table, double y, const std::vector<TableCell>& cells,
                              double keep_with_pt, const Rgb* fill) {
  const double height = table.RowHeight(canvas_, cells);
  if (y + height + keep_with_pt > FooterTop()) y = table.DrawHeader(canvas_, BreakPage());
  table.DrawRow(canvas_, y, height, cells, fill);
  return y + height;
}

double DocumentFlow::SignatureRowHeight(const std::vector<SignatureSlot>& slots, size_t first,
                                        size_t count) {
  // The tallest block of the row: signature line, name and position, each wrapped in its slot.
  const double slot_width = canvas_.content_width() / static_cast<double>(count);
  double height = 0;
  for (size_t i = first; i < first + count; ++i) {
    height = std::max(height, canvas_.SignatureBlockHeight(slot_width, slots[i].role, slots[i].name,
                                                           options_.body_size_pt, slots[i].position));
  }
  return height;
}

double DocumentFlow::SignaturesHeight(const std::vector<SignatureSlot>& slots, size_t per_row,
                                      double gap_pt) {
  double height = 0;
  for (size_t first = 0; first < slots.size(); first += per_row) {
    height += gap_pt + SignatureRowHeight(slots, first, std::min(per_row, slots.size() - first));
  }
  return height;
}

double DocumentFlow::Signatures(double y, const std::vector<SignatureSlot>& slots, size_t per_row,
                                double gap_pt) {
  y = Reserve(y, SignaturesHeight(slots, per_row, gap_pt));
  for (size_t first = 0; first < slots.size(); first += per_row) {
    y += gap_pt;
    const size_t in_row = std::min(per_row, slots.size() - first);
    const double slot_width = canvas_.content_width() / static_cast<double>(in_row);
    for (size_t i = 0; i < in_row; ++i) {
      const SignatureSlot& slot = slots[first + i];
      canvas_.SignatureBlock(canvas_.left() + slot_width * static_cast<double>(i), y, slot_width,
                             slot.role, slot.name, options_.body_size_pt, slot.position);
    }
    y += SignatureRowHeight(slots, first, in_row);
  }
  return y;
}

void DocumentFlow::Finish() { Footer(); }

TableCell DocumentFlow::Amount(Money amount, bool bold) const {
  return {.text = AmountCell(amount, options_.digits), .align = Align::kRight, .bold = bold};
}

std::string DocumentFlow::WithDigits(std::string text) const {
  return Digits(std::move(text), options_.digits);
}

double FittedColumnWidth(PdfCanvas& canvas, const std::vector<std::string>& texts, double size_pt,
                         double padding_x_pt) {
  double widest = 0;
  for (const std::string& text : texts) {
    widest = std::max(widest, canvas.TextWidth(text, {.size_pt = size_pt, .bold = true}));
  }
  return widest + 2 * padding_x_pt + 2;
}

std::vector<double> ShareWidth(double available, const std::vector<double>& natural,
                               const std::vector<double>& minimum) {
  KLANG_ASSERT(natural.size() == minimum.size());
  std::vector<double> widths(natural.size());
  for (size_t i = 0; i < natural.size(); ++i) widths[i] = std::max(natural[i], minimum[i]);
  const double wanted = std::accumulate(widths.begin(), widths.end(), 0.0);
  if (widths.empty() || wanted <= 0) return widths;
  if (wanted <= available) {
    for (double& width : widths) width *= available / wanted;
    return widths;
  }
  const double needed = std::accumulate(minimum.begin(), minimum.end(), 0.0);
  if (needed >= available) {
    for (size_t i = 0; i < widths.size(); ++i) widths[i] = minimum[i] * available / needed;
    return widths;
  }
  // The widest columns are capped at one common width, found by bisection: the total width
  // grows with the cap, from `needed` (cap 0) to `wanted` (no cap).
  auto capped_total = [&](double cap) {
    double total = 0;
    for (size_t i = 0; i < widths.size(); ++i)
      total += std::max(minimum[i], std::min(widths[i], cap));
    return total;
  };
  double low = 0, high = *std::max_element(widths.begin(), widths.end());
  for (int step = 0; step < 50; ++step) {
    const double cap = (low + high) / 2;
    (capped_total(cap) > available ? high : low) = cap;
  }
  for (size_t i = 0; i < widths.size(); ++i)
    widths[i] = std::max(minimum[i], std::min(widths[i], low));
  return widths;
}

double AmountColumnWidth(PdfCanvas& canvas, const std::vector<Money>& amounts, DigitStyle digits,
                         double size_pt, double padding_x_pt) {
  const TextStyle bold{.size_pt = size_pt, .bold = true};
  // Digits share one advance width, so the longest text is the widest.
  std::string longest;
  for (Money amount : amounts) {
    std::string text = AmountCell(amount, digits);
    if (text.size() > longest.size()) longest = std::move(text);
  }
  const double text_width = std::clamp(canvas.TextWidth(longest, bold),
                                       canvas.TextWidth(Digits("999,999.99", digits), bold),
                                       canvas.TextWidth(Digits("99,999,999.99", digits), bold));
  return text_width + 2 * padding_x_pt + 2;
}

std::string AmountCell(Money amount, DigitStyle digits) {
  if (amount.is_zero()) return "-";
  return Digits(amount.Format(), digits);
}

std::string Digits(std::string text, DigitStyle digits) {
  return digits == DigitStyle::kThai ? ThaiDigits(text) : text;
}

}  // namespace klang::reports
