#!/usr/bin/env python3
"""Known-answer packets for Ward's packet protection, version 1 (core/crypto/packet).

An implementation independent of Ward's C++ and of libsodium: HKDF-SHA256 from hmac/hashlib, ChaCha20-Poly1305
from the Python `cryptography` package, and HChaCha20 written out here (checked against
draft-irtf-cfrg-xchacha-03 section 2.2.1) to make XChaCha20-Poly1305. It prints the packets that
tests/unit/PacketFormatTest.cpp expects: the initiator's first two packets on stream 3 with a rekey after every
packet, for media and for messages, from the Split key 00 01 .. 1f.
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

MASK = 0xFFFFFFFF


def rotl(value, count):
    return ((value << count) & MASK) | (value >> (32 - count))


def quarter_round(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK
    s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK
    s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK
    s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK
    s[b] = rotl(s[b] ^ s[c], 7)


def hchacha20(key, nonce16):
    s = list(struct.unpack("<4I", b"expand 32-byte k") + struct.unpack("<8I", key) + struct.unpack("<4I", nonce16))
    for _ in range(10):
        for a, b, c, d in ((0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
                           (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14)):
            quarter_round(s, a, b, c, d)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def xchacha20poly1305_seal(key, nonce24, plaintext, associated):
    subkey = hchacha20(key, nonce24[:16])
    return ChaCha20Poly1305(subkey).encrypt(b"\0" * 4 + nonce24[16:], plaintext, associated)


def hmac_sha256(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def initial_key(split_key, label):
    prk = hmac_sha256(b"\0" * 32, split_key)  # HKDF-Extract with an empty salt
    return hmac_sha256(prk, label + b"\x01")  # HKDF-Expand to 32 bytes


def next_key(key):
    return hmac_sha256(key, b"ward/v1/rekey\x01")


def header(epoch, stream, sequence):
    return struct.pack(">BIHQ", 1, epoch, stream, sequence)


def main():
    assert hchacha20(bytes(range(32)), bytes.fromhex("000000090000004a0000000031415927")).hex() == (
        "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
    split_key = bytes(range(32))
    plaintext = b"ward packet test"
    for label in (b"ward/v1/media", b"ward/v1/message"):
        key = initial_key(split_key, label)
        for epoch in (0, 1):
            h = header(epoch, 3, epoch)
            print(label.decode(), epoch, (h + xchacha20poly1305_seal(key, h + b"\0" * 9, plaintext, h)).hex())
            key = next_key(key)


if __name__ == "__main__":
    main()
