// SecretBytes: the only home of passphrases and keys. The buffer comes from sodium_malloc (guard pages,
// locked in memory where the OS allows) and is wiped by sodium_free when the object dies or is moved from.
// It is move-only; there is deliberately no conversion to QString, QByteArray or std::string.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ward::crypto {

class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    SecretBytes(const std::uint8_t* data, std::size_t size);
    ~SecretBytes();

    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    static SecretBytes random(std::size_t size);

    std::uint8_t* data() { return m_data; }
    const std::uint8_t* data() const { return m_data; }
    const char* chars() const { return reinterpret_cast<const char*>(m_data); }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    // Keeps the first min(size, newSize) bytes; the old buffer is wiped.
    void resize(std::size_t newSize);
    void append(const std::uint8_t* data, std::size_t size);
    SecretBytes clone() const;
    void clear();

    // Constant-time for equal sizes.
    bool equals(const SecretBytes& other) const;

private:
    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace ward::crypto
