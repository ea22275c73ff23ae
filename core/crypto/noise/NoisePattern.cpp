#include "crypto/noise/NoisePattern.h"

#include <algorithm>

namespace ward::crypto::noise {

namespace {

using T = NoiseToken;

const std::array<NoisePattern, 6>& table()
{
    // Noise specification rev. 34, sections 7.4 (one-way patterns excluded) and 7.5.
    static const std::array<NoisePattern, 6> patterns { {
        { NoisePatternId::NN, "NN", false, false, { { T::E }, { T::E, T::EE } } },
        { NoisePatternId::NK, "NK", false, true, { { T::E, T::ES }, { T::E, T::EE } } },
        { NoisePatternId::KK, "KK", true, true, { { T::E, T::ES, T::SS }, { T::E, T::EE, T::SE } } },
        { NoisePatternId::XK, "XK", false, true, { { T::E, T::ES }, { T::E, T::EE }, { T::S, T::SE } } },
        { NoisePatternId::IK, "IK", false, true, { { T::E, T::ES, T::S, T::SS }, { T::E, T::EE, T::SE } } },
        { NoisePatternId::XX, "XX", false, false,
            { { T::E }, { T::E, T::EE, T::S, T::ES }, { T::S, T::SE } } },
    } };
    return patterns;
}

bool sendsStatic(const NoisePattern& pattern, bool initiator)
{
    for (std::size_t i = initiator ? 0 : 1; i < pattern.messages.size(); i += 2) {
        const auto& tokens = pattern.messages[i];
        if (std::find(tokens.begin(), tokens.end(), T::S) != tokens.end()) {
            return true;
        }
    }
    return false;
}

} // namespace

bool NoisePattern::initiatorHasStatic() const
{
    return initiatorStaticPreMessage || sendsStatic(*this, true);
}

bool NoisePattern::responderHasStatic() const
{
    return responderStaticPreMessage || sendsStatic(*this, false);
}

const NoisePattern& noisePattern(NoisePatternId id)
{
    for (const auto& pattern : table()) {
        if (pattern.id == id) {
            return pattern;
        }
    }
    return table().front(); // unreachable: every id is in the table
}

std::optional<NoisePatternId> noisePatternByName(QStringView name)
{
    for (const auto& pattern : table()) {
        if (name == QLatin1String(pattern.name)) {
            return pattern.id;
        }
    }
    return std::nullopt;
}

const std::array<NoisePatternId, 6>& allNoisePatterns()
{
    static const std::array<NoisePatternId, 6> ids { NoisePatternId::NN, NoisePatternId::NK,
        NoisePatternId::KK, NoisePatternId::XK, NoisePatternId::IK, NoisePatternId::XX };
    return ids;
}

} // namespace ward::crypto::noise
