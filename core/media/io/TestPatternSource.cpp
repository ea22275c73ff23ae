#include "media/io/TestPatternSource.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace ward::media {

namespace {

constexpr int kMinSize = 16;
constexpr double kMinRate = 0.1;
constexpr double kMaxRate = 240;

// The bar code: 40 cells across the top band. Cells 0-3 are the start marker (white, black, white, black),
// cells 4-35 the frame number's low 32 bits, most significant first (white is 1), cells 36-39 a check
// nibble. Wide cells and the full 16..235 swing survive heavy quantisation; the marker gives the reader
// its black and white levels, and the check nibble turns a misread into "unreadable" rather than a wrong
// number.
constexpr int kCells = 40;
constexpr int kMarkerCells = 4;
constexpr int kNumberBits = 32;
constexpr int kCheckBits = 4;
constexpr std::uint8_t kWhite = 235;
constexpr std::uint8_t kBlack = 16;
constexpr std::uint32_t kCheckSalt = 0xa; // so that an all-black band does not read as frame 0
constexpr int kMinContrast = 64;

struct YuvColour {
    std::uint8_t y;
    std::uint8_t u;
    std::uint8_t v;
};

// 75% colour bars in BT.601 video range: white, yellow, cyan, green, magenta, red, blue, black.
constexpr std::array<YuvColour, 8> kBars { { { 180, 128, 128 }, { 162, 44, 142 }, { 131, 156, 44 },
    { 112, 72, 58 }, { 84, 184, 198 }, { 65, 100, 212 }, { 35, 212, 114 }, { 16, 128, 128 } } };

struct Layout {
    int width;
    int height;
    int bandRows; // the bar code
    int barsEnd; // colour bars from bandRows to here, fine detail below

    static Layout of(int width, int height)
    {
        // A tenth of the height, so that a scaled picture keeps the band where the reader looks for it.
        const int band = std::max(2, (height + 9) / 10);
        return Layout { width, height, band, band + (height - band) * 2 / 3 };
    }
    int cellStart(int cell) const { return cell * width / kCells; }
};

std::uint32_t checkNibble(std::uint32_t number)
{
    std::uint32_t check = kCheckSalt;
    for (int shift = 0; shift < kNumberBits; shift += kCheckBits) {
        check ^= (number >> shift) & 0xfu;
    }
    return check;
}

// The 40 cells' values, white for a 1.
std::array<bool, kCells> barCodeCells(std::uint32_t number)
{
    std::array<bool, kCells> cells {};
    for (int i = 0; i < kMarkerCells; ++i) {
        cells[static_cast<std::size_t>(i)] = i % 2 == 0;
    }
    for (int bit = 0; bit < kNumberBits; ++bit) {
        cells[static_cast<std::size_t>(kMarkerCells + bit)] = ((number >> (kNumberBits - 1 - bit)) & 1u) != 0;
    }
    const std::uint32_t check = checkNibble(number);
    for (int bit = 0; bit < kCheckBits; ++bit) {
        cells[static_cast<std::size_t>(kMarkerCells + kNumberBits + bit)]
            = ((check >> (kCheckBits - 1 - bit)) & 1u) != 0;
    }
    return cells;
}

std::uint8_t* rowY(VideoFrame& frame, int y)
{
    return frame.planeY() + static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.width);
}

void fillChroma(VideoFrame& frame, int x0, int y0, int x1, int y1, std::uint8_t u, std::uint8_t v)
{
    const int cw = frame.chromaWidth();
    for (int cy = y0 / 2; cy < (y1 + 1) / 2; ++cy) {
        const auto offset = static_cast<std::size_t>(cy) * static_cast<std::size_t>(cw);
        for (int cx = x0 / 2; cx < (x1 + 1) / 2; ++cx) {
            frame.planeU()[offset + static_cast<std::size_t>(cx)] = u;
            frame.planeV()[offset + static_cast<std::size_t>(cx)] = v;
        }
    }
}

void drawBars(VideoFrame& frame, const Layout& layout)
{
    for (std::size_t bar = 0; bar < kBars.size(); ++bar) {
        const int x0 = static_cast<int>(bar) * layout.width / static_cast<int>(kBars.size());
        const int x1 = static_cast<int>(bar + 1) * layout.width / static_cast<int>(kBars.size());
        for (int y = layout.bandRows; y < layout.barsEnd; ++y) {
            std::memset(rowY(frame, y) + x0, kBars[bar].y, static_cast<std::size_t>(x1 - x0));
        }
        fillChroma(frame, x0, layout.bandRows, x1, layout.barsEnd, kBars[bar].u, kBars[bar].v);
    }
}

// A small integer hash for a fixed texture: the same picture for the same position, every run.
std::uint32_t hashPoint(std::uint32_t x, std::uint32_t y)
{
    std::uint32_t h = x * 0x9e3779b1u ^ (y + 0x7f4a7c15u) * 0x85ebca6bu;
    h ^= h >> 15;
    h *= 0xc2b2ae35u;
    h ^= h >> 13;
    return h;
}

// Below the bars: on the left, diagonal stripes moving a pixel a frame (motion the encoder can follow); on
// the right, a still texture of fine grain (costly in a keyframe, free afterwards).
void drawDetail(VideoFrame& frame, const Layout& layout, std::uint64_t index)
{
    const int half = layout.width / 2;
    const auto shift = static_cast<int>(index % 6);
    for (int y = layout.barsEnd; y < layout.height; ++y) {
        std::uint8_t* row = rowY(frame, y);
        for (int x = 0; x < half; ++x) {
            row[x] = ((x + y + shift) / 3) % 2 == 0 ? 190 : 60;
        }
        for (int x = half; x < layout.width; ++x) {
            row[x] = static_cast<std::uint8_t>(
                64 + hashPoint(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)) % 128);
        }
    }
    fillChroma(frame, 0, layout.barsEnd, half, layout.height, 128, 128);
    fillChroma(frame, half, layout.barsEnd, layout.width, layout.height, 110, 150);
}

// A checkered square sweeping left to right across the bars, bobbing up and down.
void drawBlock(VideoFrame& frame, const Layout& layout, std::uint64_t index)
{
    const int area = layout.barsEnd - layout.bandRows;
    const int side = std::max(8, area / 3 / 2 * 2);
    const int speed = std::max(2, layout.width / 160);
    const int span = layout.width + side;
    const int x0
        = static_cast<int>((index * static_cast<std::uint64_t>(speed)) % static_cast<std::uint64_t>(span))
        - side;
    const int travel = std::max(0, area - side);
    const int period = std::max(2, 2 * travel);
    const int phase = static_cast<int>(index * 2 % static_cast<std::uint64_t>(period));
    const int bob = phase <= period / 2 ? phase : period - phase;
    const int y0 = layout.bandRows + std::min(travel, bob);
    const int left = std::max(0, x0);
    const int right = std::min(layout.width, x0 + side);
    const int bottom = std::min(layout.barsEnd, y0 + side);
    if (left >= right) {
        return;
    }
    for (int y = y0; y < bottom; ++y) {
        std::uint8_t* row = rowY(frame, y);
        for (int x = left; x < right; ++x) {
            row[x] = (((x - x0) / 4) + ((y - y0) / 4)) % 2 == 0 ? 220 : 40;
        }
    }
    fillChroma(frame, left, y0, right, bottom, 90, 160);
}

// Sensor-like grain over the picture (not the bar code): a level or two up or down, different in every frame,
// as a real camera gives. Without it most of the picture would cost the encoder nothing after the keyframe,
// and its quality and speed would say little about a call.
void addGrain(VideoFrame& frame, const Layout& layout, std::uint64_t index)
{
    std::uint32_t state = static_cast<std::uint32_t>(index * 0x9e3779b97f4a7c15ull >> 32) | 1u;
    std::uint32_t bits = 0;
    int left = 0;
    for (int y = layout.bandRows; y < layout.height; ++y) {
        std::uint8_t* row = rowY(frame, y);
        for (int x = 0; x < layout.width; ++x) {
            if (left == 0) {
                // xorshift32: cheap, and the same grain for the same frame every run.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                bits = state;
                left = 4;
            }
            const int delta = static_cast<int>(bits & 0xffu) % 5 - 2;
            bits >>= 8;
            --left;
            row[x] = static_cast<std::uint8_t>(std::clamp(row[x] + delta, 0, 255));
        }
    }
}

void drawBarCode(VideoFrame& frame, const Layout& layout, std::uint64_t index)
{
    const auto cells = barCodeCells(static_cast<std::uint32_t>(index));
    for (int cell = 0; cell < kCells; ++cell) {
        const int x0 = layout.cellStart(cell);
        const int x1 = layout.cellStart(cell + 1);
        const std::uint8_t value = cells[static_cast<std::size_t>(cell)] ? kWhite : kBlack;
        for (int y = 0; y < layout.bandRows; ++y) {
            std::memset(rowY(frame, y) + x0, value, static_cast<std::size_t>(x1 - x0));
        }
    }
    // The band's chroma stays neutral (blankI420 filled it with 128).
}

// The mean luma of a cell's middle: away from its edges, where coding blurs the black and white together.
int cellLevel(const VideoFrame& frame, const Layout& layout, int cell)
{
    const int x0 = layout.cellStart(cell);
    const int x1 = layout.cellStart(cell + 1);
    const int quarter = (x1 - x0) / 4;
    const int left = x0 + quarter;
    const int right = std::max(left + 1, x1 - quarter);
    const int top = layout.bandRows / 4;
    const int bottom = std::max(top + 1, layout.bandRows - layout.bandRows / 4);
    int sum = 0;
    int count = 0;
    for (int y = top; y < bottom; ++y) {
        const std::uint8_t* row
            = frame.planeY() + static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.width);
        for (int x = left; x < right; ++x) {
            sum += row[x];
            ++count;
        }
    }
    return sum / count;
}

} // namespace

TestPatternSource::TestPatternSource(int width, int height, double frameRate)
    : m_width(std::clamp(width, kMinSize, kMaxVideoWidth))
    , m_height(std::clamp(height, kMinSize, kMaxVideoHeight))
    , m_frameRate(std::isfinite(frameRate) ? std::clamp(frameRate, kMinRate, kMaxRate) : 30.0)
{ }

std::optional<VideoFrame> TestPatternSource::frameAt(MediaTime now)
{
    if (now < 0) {
        return std::nullopt;
    }
    // One microsecond of slack: a caller that rounds frame times to whole microseconds may ask a hair
    // before the frame is due.
    const auto index = static_cast<std::uint64_t>(
        std::floor(static_cast<double>(now + 1) * m_frameRate / static_cast<double>(kMicrosecondsPerSecond)));
    if (m_lastIndex && index <= *m_lastIndex) {
        return std::nullopt;
    }
    m_lastIndex = index;
    VideoFrame frame = render(index);
    frame.captureTime = now;
    return frame;
}

VideoFrame TestPatternSource::render(std::uint64_t index) const
{
    VideoFrame frame = VideoFrame::blankI420(m_width, m_height);
    const Layout layout = Layout::of(m_width, m_height);
    drawBars(frame, layout);
    drawDetail(frame, layout, index);
    drawBlock(frame, layout, index);
    addGrain(frame, layout, index);
    drawBarCode(frame, layout, index);
    frame.captureTime = static_cast<MediaTime>(
        std::llround(static_cast<double>(index) * static_cast<double>(kMicrosecondsPerSecond) / m_frameRate));
    frame.sourceIndex = index;
    return frame;
}

std::optional<std::uint64_t> TestPatternSource::readFrameNumber(const VideoFrame& frame)
{
    if (frame.format != PixelFormat::I420 || !frame.valid() || frame.width < kCells
        || frame.height < kMinSize) {
        return std::nullopt;
    }
    const Layout layout = Layout::of(frame.width, frame.height);
    std::array<int, kCells> levels {};
    for (int cell = 0; cell < kCells; ++cell) {
        levels[static_cast<std::size_t>(cell)] = cellLevel(frame, layout, cell);
    }
    const int white = std::min(levels[0], levels[2]);
    const int black = std::max(levels[1], levels[3]);
    if (white - black < kMinContrast) {
        return std::nullopt;
    }
    const int threshold = (white + black) / 2;
    const int margin = (white - black) / 4;
    std::uint64_t bits = 0;
    for (int cell = kMarkerCells; cell < kCells; ++cell) {
        const int level = levels[static_cast<std::size_t>(cell)];
        if (std::abs(level - threshold) < margin) {
            return std::nullopt;
        }
        bits = (bits << 1) | (level > threshold ? 1u : 0u);
    }
    const auto number = static_cast<std::uint32_t>(bits >> kCheckBits);
    if ((bits & 0xfu) != checkNibble(number)) {
        return std::nullopt;
    }
    return number;
}

} // namespace ward::media
