// JavaScript half of web/platform/scanner.h (linked with --js-library): the camera through
// getUserMedia, a <video> over the canvas where the scanner view leaves room, decoding with
// BarcodeDetector where the browser has it and with ZXing (npm zxing-wasm, served from
// public/zxing/ on our own origin so it works offline) otherwise, WebAudio beeps,
// navigator.vibrate, and keyboard-wedge scanners. Events wait in a queue until C++ takes
// them (st_js_scanner_poll, once per frame).

mergeInto(LibraryManager.library, {
    $stScanner: {
        events: [],
        stream: null,
        video: null,
        canvas: null,
        detector: null,
        zxing: null,      // a promise of the ZXingWASM global, loaded on first need
        timer: 0,
        busy: false,
        wedge: false,
        keys: '',
        lastKey: 0,
        firstKey: 0,
        audio: null,
        // The symbologies issue 8 asks for, in each decoder's names.
        detectorFormats: ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'qr_code', 'data_matrix'],
        zxingFormats: ['EAN13', 'EAN8', 'UPCA', 'UPCE', 'Code128', 'QRCode', 'DataMatrix'],
        push: function(kind, text, format) {
            stScanner.events.push({kind: kind, text: text || '', format: format || '', t: performance.now()});
        },
        loadZxing: function() {
            if (stScanner.zxing) return stScanner.zxing;
            stScanner.zxing = new Promise(function(resolve, reject) {
                var script = document.createElement('script');
                script.src = 'zxing/zxing_reader.js';
                script.onload = function() {
                    var zx = self['ZXingWASM'];
                    // Never the CDN the package defaults to: the .wasm comes from beside us.
                    zx['prepareZXingModule']({
                        overrides: {
                            locateFile: function(path, prefix) {
                                return path.endsWith('.wasm') ? new URL('zxing/' + path, document.baseURI).href
                                                              : prefix + path;
                            },
                        },
                        fireImmediately: true,
                    }).then(function() { resolve(zx); }, reject);
                };
                script.onerror = function() { reject(new Error('the ZXing decoder could not be loaded')); };
                document.head.appendChild(script);
            });
            return stScanner.zxing;
        },
        // One decode of the current frame; results go to the queue.
        decode: function() {
            var video = stScanner.video;
            if (stScanner.busy || !video || video.readyState < 2 || !stScanner.stream) return;
            stScanner.busy = true;
            var done = function() { stScanner.busy = false; };
            var found = function(text, format) { if (text) stScanner.push('decoded', text, format); };
            if (stScanner.detector) {
                stScanner.detector.detect(video).then(function(codes) {
                    codes.forEach(function(c) { found(c.rawValue, c.format); });
                }).then(done, done);
                return;
            }
            var w = video.videoWidth, h = video.videoHeight;
            if (!w || !h) { done(); return; }
            var scale = Math.min(1, 1280 / Math.max(w, h));
            var canvas = stScanner.canvas || (stScanner.canvas = document.createElement('canvas'));
            canvas.width = Math.round(w * scale);
            canvas.height = Math.round(h * scale);
            var ctx = canvas.getContext('2d', {willReadFrequently: true});
            ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
            var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
            stScanner.loadZxing().then(function(zx) {
                return zx['readBarcodes'](image, {formats: stScanner.zxingFormats, tryHarder: true,
                                                  maxNumberOfSymbols: 4});
            }).then(function(results) {
                results.forEach(function(r) { if (r.isValid !== false) found(r.text, r.format); });
            }, function(error) {
                console.warn('scanner: ' + error);
            }).then(done, done);
        },
        ensureVideo: function() {
            if (stScanner.video) return stScanner.video;
            var video = document.createElement('video');
            video.id = 'scanner-video';
            video.setAttribute('playsinline', '');
            video.muted = true;
            video.autoplay = true;
            video.style.cssText = 'position:fixed;display:none;object-fit:cover;z-index:2;' +
                'pointer-events:none;border-radius:6px;background:#000';
            document.body.appendChild(video);
            stScanner.video = video;
            return video;
        },
        tone: function(frequencies, ms) {
            try {
                var AudioCtx = self.AudioContext || self.webkitAudioContext;
                if (!AudioCtx) return;
                var ctx = stScanner.audio || (stScanner.audio = new AudioCtx());
                var at = ctx.currentTime;
                frequencies.forEach(function(f) {
                    var osc = ctx.createOscillator(), gain = ctx.createGain();
                    osc.frequency.value = f;
                    osc.type = 'square';
                    gain.gain.setValueAtTime(0.08, at);
                    gain.gain.exponentialRampToValueAtTime(0.0001, at + ms / 1000);
                    osc.connect(gain).connect(ctx.destination);
                    osc.start(at);
                    osc.stop(at + ms / 1000);
                    at += ms / 1000 + 0.04;
                });
            } catch (e) { /* no sound is not an error worth reporting */ }
        },
    },

    st_js_scanner_start__deps: ['$stScanner'],
    st_js_scanner_start: function() {
        if (stScanner.stream) return;
        var media = navigator.mediaDevices;
        if (!media || !media.getUserMedia) {
            stScanner.push('camera_missing', self.isSecureContext === false
                ? 'The camera needs a secure page (https://).'
                : 'This browser gives no access to a camera.');
            return;
        }
        media.getUserMedia({video: {facingMode: {ideal: 'environment'}, width: {ideal: 1280}}, audio: false})
            .then(function(stream) {
                stScanner.stream = stream;
                var video = stScanner.ensureVideo();
                video.srcObject = stream;
                var play = video.play();
                if (play && play.catch) play.catch(function() {});
                var use = function(name) {
                    stScanner.push('camera_on', name);
                    clearInterval(stScanner.timer);
                    stScanner.timer = setInterval(stScanner.decode, 150);
                };
                if (self.BarcodeDetector && BarcodeDetector.getSupportedFormats) {
                    BarcodeDetector.getSupportedFormats().then(function(supported) {
                        var formats = stScanner.detectorFormats.filter(function(f) { return supported.indexOf(f) >= 0; });
                        if (formats.length > 0) {
                            stScanner.detector = new BarcodeDetector({formats: formats});
                            use('BarcodeDetector');
                        } else {
                            use('ZXing');
                        }
                    }, function() { use('ZXing'); });
                } else {
                    use('ZXing');
                }
            }, function(error) {
                var name = error && error.name;
                if (name === 'NotAllowedError' || name === 'SecurityError') {
                    stScanner.push('camera_denied', 'Camera access was refused. Allow it in the browser\'s site settings, or type or wedge-scan codes below.');
                } else {
                    stScanner.push('camera_missing', 'No camera could be opened (' + (name || error) + ').');
                }
            });
    },

    st_js_scanner_stop__deps: ['$stScanner'],
    st_js_scanner_stop: function() {
        clearInterval(stScanner.timer);
        stScanner.timer = 0;
        if (stScanner.stream) {
            stScanner.stream.getTracks().forEach(function(t) { t.stop(); });
            stScanner.stream = null;
            stScanner.push('camera_stopped', '');
        }
        if (stScanner.video) {
            stScanner.video.srcObject = null;
            stScanner.video.style.display = 'none';
        }
    },

    st_js_scanner_place__deps: ['$stScanner'],
    st_js_scanner_place: function(visible, x, y, width, height) {
        var video = stScanner.video;
        if (!video) return;
        if (!visible || !stScanner.stream || width < 8 || height < 8) {
            video.style.display = 'none';
            return;
        }
        var rect = Module['canvas'].getBoundingClientRect();
        video.style.left = (rect.left + x) + 'px';
        video.style.top = (rect.top + y) + 'px';
        video.style.width = width + 'px';
        video.style.height = height + 'px';
        video.style.display = 'block';
    },

    st_js_scanner_feedback__deps: ['$stScanner'],
    st_js_scanner_feedback: function(known) {
        if (known) {
            stScanner.tone([1760], 90);
            if (navigator.vibrate) navigator.vibrate(60);
        } else {
            stScanner.tone([330, 220], 160);
            if (navigator.vibrate) navigator.vibrate([120, 80, 120]);
        }
    },

    st_js_scanner_wedge__deps: ['$stScanner'],
    st_js_scanner_wedge: function(enabled) {
        stScanner.wedge = !!enabled;
        if (stScanner.wedgeInstalled) return;
        stScanner.wedgeInstalled = true;
        // A wedge scanner types a whole code in a few tens of milliseconds and ends with
        // Enter; people type far slower. Keys still reach the app as usual.
        window.addEventListener('keydown', function(event) {
            if (!stScanner.wedge) return;
            var now = performance.now();
            if (now - stScanner.lastKey > 80) {
                stScanner.keys = '';
                stScanner.firstKey = now;
            }
            stScanner.lastKey = now;
            if (event.key === 'Enter') {
                var code = stScanner.keys;
                var perKey = code.length > 1 ? (now - stScanner.firstKey) / code.length : Infinity;
                stScanner.keys = '';
                if (code.length >= 4 && perKey < 35) stScanner.push('wedge', code, 'keyboard');
            } else if (event.key.length === 1) {
                stScanner.keys += event.key;
            }
        }, true);
    },

    st_js_scanner_poll__deps: ['$stScanner', '$stStringToC'],
    st_js_scanner_poll: function() {
        if (stScanner.events.length === 0) return 0;
        var text = JSON.stringify(stScanner.events);
        stScanner.events = [];
        return stStringToC(text);
    },
});
