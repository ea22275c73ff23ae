#include "media/audio/TimeStretch.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace ward::media {

namespace {
// Among lags whose match is this close to the best one, the longest is taken: it moves the delay further
// for the same audible cost (a periodic signal matches equally well at every multiple of its period).
constexpr double kNearBestMatch = 0.05;

// The channels summed into one signal, for the search.
std::vector<double> mixDown(const std::vector<std::int16_t>& samples, int channels)
{
    const std::size_t frames = samples.size() / static_cast<std::size_t>(channels);
    std::vector<double> mono(frames, 0.0);
    for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            mono[i] += samples[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)];
        }
    }
    return mono;
}

// Normalised correlation of x[start, start+lag) with x[start+lag, start+2*lag); silence matches perfectly.
double match(const std::vector<double>& x, std::size_t start, std::size_t lag)
{
    double cross = 0.0;
    double energyA = 0.0;
    double energyB = 0.0;
    for (std::size_t i = 0; i < lag; ++i) {
        const double a = x[start + i];
        const double b = x[start + lag + i];
        cross += a * b;
        energyA += a * a;
        energyB += b * b;
    }
    const double norm = std::sqrt(energyA * energyB);
    return norm < 1.0 ? 1.0 : cross / norm;
}

std::int16_t blend(std::int16_t from, std::int16_t to, double weight)
{
    const double v = (1.0 - weight) * from + weight * to;
    return static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}
} // namespace

int timeStretch(
    std::vector<std::int16_t>& samples, int channels, int minLag, int maxLag, StretchDirection direction)
{
    if (channels < 1 || minLag < 1) {
        return 0;
    }
    const auto ch = static_cast<std::size_t>(channels);
    const std::size_t frames = samples.size() / ch;
    const std::size_t longest = std::min(static_cast<std::size_t>(std::max(maxLag, 0)), frames / 2);
    const auto shortest = static_cast<std::size_t>(minLag);
    if (longest < shortest) {
        return 0;
    }
    // The two segments compared sit in the middle of the block, away from its seams with its neighbours.
    const std::size_t start = frames / 2 - longest;
    const std::vector<double> mono = mixDown(samples, channels);
    std::vector<double> scores(longest + 1, -2.0);
    double best = -2.0;
    for (std::size_t lag = shortest; lag <= longest; ++lag) {
        scores[lag] = match(mono, start, lag);
        best = std::max(best, scores[lag]);
    }
    std::size_t lag = longest;
    while (lag > shortest && scores[lag] < best - kNearBestMatch) {
        --lag;
    }

    // Shorten: a = x[start, +lag) fades out while b = x[start+lag, +lag) fades in, in place of both.
    // Lengthen: after a, b fades out while a fades in again, then b and the rest follow.
    std::vector<std::int16_t> out;
    out.reserve(samples.size() + lag * ch);
    const auto at = [&](std::size_t frame, std::size_t c) { return samples[frame * ch + c]; };
    const std::size_t keepBefore = direction == StretchDirection::Shorten ? start : start + lag;
    out.insert(out.end(), samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(keepBefore * ch));
    for (std::size_t i = 0; i < lag; ++i) {
        const double weight = (static_cast<double>(i) + 0.5) / static_cast<double>(lag);
        for (std::size_t c = 0; c < ch; ++c) {
            const std::int16_t a = at(start + i, c);
            const std::int16_t b = at(start + lag + i, c);
            out.push_back(direction == StretchDirection::Shorten ? blend(a, b, weight) : blend(b, a, weight));
        }
    }
    const std::size_t resumeAt = direction == StretchDirection::Shorten ? start + 2 * lag : start + lag;
    out.insert(out.end(), samples.begin() + static_cast<std::ptrdiff_t>(resumeAt * ch), samples.end());
    samples = std::move(out);
    return static_cast<int>(lag);
}

} // namespace ward::media
