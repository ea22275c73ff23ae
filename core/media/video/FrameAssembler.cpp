#include "media/video/FrameAssembler.h"

#include "media/pipeline/MediaPayload.h"
#include "media/video/VideoDescriptor.h"

#include <iterator>

namespace ward::media {

void FrameAssembler::insert(std::uint64_t sequence, const std::uint8_t* piece, std::size_t size, MediaTime)
{
    ++m_stats.pieces;
    const auto descriptor = VideoDescriptor::read(piece, size);
    if (!descriptor || size > kMaxVideoPayloadBytes - kPayloadHeaderBytes) {
        ++m_stats.malformed;
        return;
    }
    // Below m_nextSequence everything is handed out or given up: a piece from there is late or repeated.
    if ((m_started && sequence < m_nextSequence) || m_pieces.count(sequence) != 0) {
        ++m_stats.duplicates;
        return;
    }
    if (m_pieces.size() >= kMaxAssemblerPieces) {
        dropOldestFrame();
    }
    Piece stored;
    stored.pictureId = descriptor->pictureId;
    stored.keyframe = descriptor->keyframe;
    stored.first = descriptor->first;
    stored.last = descriptor->last;
    stored.timestamp = descriptor->timestamp;
    stored.width = descriptor->width;
    stored.height = descriptor->height;
    stored.data = QByteArray(reinterpret_cast<const char*>(piece + descriptor->size()),
        static_cast<qsizetype>(size - descriptor->size()));
    completeAround(m_pieces.emplace(sequence, std::move(stored)).first);
}

std::optional<EncodedFrame> FrameAssembler::takeFrame()
{
    if (m_ready.empty()) {
        return std::nullopt;
    }
    EncodedFrame frame = std::move(m_ready.front());
    m_ready.pop_front();
    return frame;
}

void FrameAssembler::completeAround(PieceMap::iterator piece)
{
    // A frame is a run of consecutive sequence numbers from a first piece to a last piece, with no other
    // first or last piece inside.
    auto start = piece;
    while (!start->second.first) {
        if (start == m_pieces.begin()) {
            return;
        }
        const auto previous = std::prev(start);
        if (previous->first + 1 != start->first || previous->second.last) {
            return;
        }
        start = previous;
    }
    auto end = piece;
    while (!end->second.last) {
        const auto next = std::next(end);
        if (next == m_pieces.end() || next->first != end->first + 1 || next->second.first) {
            return;
        }
        end = next;
    }
    handleComplete(start, end);
}

void FrameAssembler::handleComplete(PieceMap::iterator start, PieceMap::iterator end)
{
    std::optional<EncodedFrame> frame = join(start, end);
    const std::uint64_t startSequence = start->first;
    const std::uint64_t endSequence = end->first;
    m_pieces.erase(start, std::next(end));

    if (!m_started || startSequence != m_nextSequence) {
        // Something before this frame is missing (or this is the first one seen): whatever it was, the
        // decoder's references are broken until a keyframe.
        const std::uint64_t dropped = dropBefore(startSequence);
        m_stats.framesLost += m_started && dropped == 0 ? 1 : dropped;
        m_needsKeyframe = true;
    }
    m_started = true;
    m_nextSequence = endSequence + 1;

    if (!frame || (m_needsKeyframe && !frame->keyframe)) {
        ++m_stats.framesLost;
        m_needsKeyframe = true;
        return;
    }
    if (m_ready.size() >= kMaxAssemblerReadyFrames) {
        // Nobody is taking frames; the ones waiting are stale, and the next delta frame would miss them.
        m_stats.framesLost += m_ready.size();
        m_ready.clear();
        if (!frame->keyframe) {
            ++m_stats.framesLost;
            m_needsKeyframe = true;
            return;
        }
    }
    if (frame->keyframe) {
        m_needsKeyframe = false;
    }
    ++m_stats.framesComplete;
    m_ready.push_back(std::move(*frame));
}

std::optional<EncodedFrame> FrameAssembler::join(PieceMap::iterator start, PieceMap::iterator end) const
{
    const Piece& head = start->second;
    if (head.keyframe && (head.width == 0 || head.height == 0)) {
        return std::nullopt;
    }
    EncodedFrame frame;
    frame.keyframe = head.keyframe;
    frame.pictureId = head.pictureId;
    frame.timestamp = head.timestamp;
    frame.width = head.width;
    frame.height = head.height;
    std::size_t bytes = 0;
    for (auto it = start; it != std::next(end); ++it) {
        const Piece& piece = it->second;
        if (piece.pictureId != head.pictureId || piece.timestamp != head.timestamp
            || piece.keyframe != head.keyframe) {
            return std::nullopt;
        }
        bytes += static_cast<std::size_t>(piece.data.size());
    }
    if (bytes == 0 || bytes > kMaxAssembledFrameBytes) {
        return std::nullopt;
    }
    frame.data.reserve(static_cast<qsizetype>(bytes));
    for (auto it = start; it != std::next(end); ++it) {
        frame.data.append(it->second.data);
    }
    return frame;
}

std::uint64_t FrameAssembler::dropBefore(std::uint64_t sequence)
{
    std::uint64_t frames = 0;
    std::optional<std::uint16_t> pictureId;
    auto it = m_pieces.begin();
    for (; it != m_pieces.end() && it->first < sequence; ++it) {
        if (!pictureId || *pictureId != it->second.pictureId) {
            pictureId = it->second.pictureId;
            ++frames;
        }
    }
    m_pieces.erase(m_pieces.begin(), it);
    return frames;
}

void FrameAssembler::dropOldestFrame()
{
    const std::uint16_t pictureId = m_pieces.begin()->second.pictureId;
    auto it = m_pieces.begin();
    while (it != m_pieces.end() && it->second.pictureId == pictureId) {
        ++it;
    }
    m_pieces.erase(m_pieces.begin(), it);
    ++m_stats.framesLost;
    m_needsKeyframe = true;
}

} // namespace ward::media
