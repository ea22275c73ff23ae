#include "media/video/VideoDecoder.h"

#include <libyuv/planar_functions.h>
#include <vpx/vp8dx.h>
#include <vpx/vpx_decoder.h>

namespace ward::media {

namespace {

constexpr int kMaxThreads = 16;
constexpr qsizetype kMaxFrameBytes = 4 * 1024 * 1024;

struct CodecDeleter {
    void operator()(vpx_codec_ctx_t* codec) const
    {
        vpx_codec_destroy(codec);
        std::default_delete<vpx_codec_ctx_t>()(codec);
    }
};
using CodecPtr = std::unique_ptr<vpx_codec_ctx_t, CodecDeleter>;

Error corrupt(const QString& what)
{
    return makeError(ErrorCode::Corrupt, what + QStringLiteral(" A new keyframe is needed."));
}

// The frame tag and, for a keyframe, the picture size (RFC 6386, 9.1), read before libvpx sees the frame:
// a stream that claims a picture bigger than Ward ever sends would make the decoder allocate for it.
Status checkFrameHeader(const QByteArray& data)
{
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.constData());
    if (data.size() < 3) {
        return corrupt(QStringLiteral("The video frame is too short to decode."));
    }
    const bool keyframe = (bytes[0] & 0x01) == 0;
    if (!keyframe) {
        return {};
    }
    if (data.size() < 10 || bytes[3] != 0x9d || bytes[4] != 0x01 || bytes[5] != 0x2a) {
        return corrupt(QStringLiteral("The video keyframe has a damaged header."));
    }
    const int width = (bytes[6] | (bytes[7] << 8)) & 0x3fff;
    const int height = (bytes[8] | (bytes[9] << 8)) & 0x3fff;
    if (width < 1 || width > kMaxVideoWidth || height < 1 || height > kMaxVideoHeight) {
        return corrupt(QStringLiteral("The video keyframe has a picture size Ward does not accept."));
    }
    return {};
}

} // namespace

struct VideoDecoder::State {
    CodecPtr codec;
    // After a failure the decoder's reference pictures cannot be trusted: only a keyframe starts again.
    bool needsKeyframe = true;
};

Result<VideoDecoder> VideoDecoder::create(int threads)
{
    if (threads < 1 || threads > kMaxThreads) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("The video decoder needs between 1 and 16 threads."));
    }
    vpx_codec_dec_cfg_t config {};
    config.threads = static_cast<unsigned int>(threads);
    auto context = std::make_unique<vpx_codec_ctx_t>();
    const vpx_codec_err_t error = vpx_codec_dec_init(context.get(), vpx_codec_vp8_dx(), &config, 0);
    if (error != VPX_CODEC_OK) {
        return makeError(ErrorCode::Internal,
            QStringLiteral("The video decoder could not start (libvpx: %1).")
                .arg(QString::fromUtf8(vpx_codec_err_to_string(error))));
    }
    auto state = std::make_unique<State>();
    state->codec.reset(context.release());
    return VideoDecoder(std::move(state));
}

VideoDecoder::VideoDecoder(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }

VideoDecoder::VideoDecoder(VideoDecoder&&) noexcept = default;
VideoDecoder& VideoDecoder::operator=(VideoDecoder&&) noexcept = default;
VideoDecoder::~VideoDecoder() = default;

Result<VideoFrame> VideoDecoder::decode(const EncodedFrame& frame)
{
    State& state = *m_state;
    if (frame.data.size() > kMaxFrameBytes) {
        state.needsKeyframe = true;
        return corrupt(QStringLiteral("The video frame is larger than Ward accepts."));
    }
    if (auto header = checkFrameHeader(frame.data); !header) {
        state.needsKeyframe = true;
        return header.error();
    }
    const bool keyframe = (static_cast<std::uint8_t>(frame.data[0]) & 0x01) == 0;
    if (state.needsKeyframe && !keyframe) {
        return corrupt(QStringLiteral("The video frame depends on a picture that was not decoded."));
    }

    vpx_codec_ctx_t* codec = state.codec.get();
    const vpx_codec_err_t error
        = vpx_codec_decode(codec, reinterpret_cast<const std::uint8_t*>(frame.data.constData()),
            static_cast<unsigned int>(frame.data.size()), nullptr, 0);
    int corrupted = 0;
    if (error != VPX_CODEC_OK
        || vpx_codec_control(codec, VP8D_GET_FRAME_CORRUPTED, &corrupted) != VPX_CODEC_OK || corrupted != 0) {
        state.needsKeyframe = true;
        return corrupt(QStringLiteral("The video frame could not be decoded."));
    }
    vpx_codec_iter_t iterator = nullptr;
    const vpx_image_t* image = vpx_codec_get_frame(codec, &iterator);
    if (image == nullptr || image->fmt != VPX_IMG_FMT_I420 || image->d_w < 1 || image->d_h < 1
        || image->d_w > static_cast<unsigned int>(kMaxVideoWidth)
        || image->d_h > static_cast<unsigned int>(kMaxVideoHeight)) {
        state.needsKeyframe = true;
        return corrupt(QStringLiteral("The video frame decoded to no usable picture."));
    }
    state.needsKeyframe = false;

    VideoFrame out;
    out.width = static_cast<int>(image->d_w);
    out.height = static_cast<int>(image->d_h);
    out.captureTime = frame.captureTime; // known on the sending side only (the loopback harness)
    out.data.resize(pixelFormatBytes(PixelFormat::I420, out.width, out.height));
    libyuv::I420Copy(image->planes[VPX_PLANE_Y], image->stride[VPX_PLANE_Y], image->planes[VPX_PLANE_U],
        image->stride[VPX_PLANE_U], image->planes[VPX_PLANE_V], image->stride[VPX_PLANE_V], out.planeY(),
        out.width, out.planeU(), out.chromaWidth(), out.planeV(), out.chromaWidth(), out.width, out.height);
    return out;
}

} // namespace ward::media
