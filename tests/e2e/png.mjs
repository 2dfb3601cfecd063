// Minimal PNG reader for screenshot checks: 8-bit RGB/RGBA, non-interlaced (what Chromium's
// screenshots are). Returns { width, height, channels, pixels: Uint8Array }.
import { inflateSync } from 'node:zlib';

export function decodePng(buffer) {
    const signature = [137, 80, 78, 71, 13, 10, 26, 10];
    signature.forEach((b, i) => {
        if (buffer[i] !== b) throw new Error('not a PNG file');
    });
    let pos = 8;
    let width = 0;
    let height = 0;
    let bitDepth = 0;
    let colorType = 0;
    let interlace = 0;
    const idat = [];
    while (pos < buffer.length) {
        const length = buffer.readUInt32BE(pos);
        const type = buffer.toString('ascii', pos + 4, pos + 8);
        const data = buffer.subarray(pos + 8, pos + 8 + length);
        if (type === 'IHDR') {
            width = data.readUInt32BE(0);
            height = data.readUInt32BE(4);
            bitDepth = data[8];
            colorType = data[9];
            interlace = data[12];
        } else if (type === 'IDAT') {
            idat.push(data);
        } else if (type === 'IEND') {
            break;
        }
        pos += 12 + length;
    }
    const channels = { 2: 3, 6: 4 }[colorType];
    if (bitDepth !== 8 || !channels || interlace !== 0) {
        throw new Error(`unsupported PNG (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
    }
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * channels;
    const pixels = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const src = y * (stride + 1) + 1;
        const dst = y * stride;
        for (let x = 0; x < stride; x++) {
            const a = x >= channels ? pixels[dst + x - channels] : 0;
            const b = y > 0 ? pixels[dst - stride + x] : 0;
            const c = x >= channels && y > 0 ? pixels[dst - stride + x - channels] : 0;
            let value = raw[src + x];
            switch (filter) {
                case 0: break;
                case 1: value += a; break;
                case 2: value += b; break;
                case 3: value += (a + b) >> 1; break;
                case 4: {
                    const p = a + b - c;
                    const pa = Math.abs(p - a);
                    const pb = Math.abs(p - b);
                    const pc = Math.abs(p - c);
                    value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    break;
                }
                default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
            }
            pixels[dst + x] = value & 0xff;
        }
    }
    return { width, height, channels, pixels };
}

// Distinct colours and the share of pixels that differ from the most common colour
// (the background): a blank or single-colour canvas has ~1 colour and ~0 share.
export function colourStats(image) {
    const counts = new Map();
    const { pixels, channels } = image;
    for (let i = 0; i < pixels.length; i += channels) {
        const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
    }
    let top = 0;
    for (const n of counts.values()) top = Math.max(top, n);
    const total = pixels.length / channels;
    return { distinct: counts.size, nonBackground: (total - top) / total };
}
