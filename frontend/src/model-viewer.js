// The 3D viewer (model-viewer + three.js) as its own file: ~1 MB, fetched only when a visitor
// asks to see a relic in 3D, never on first paint. model-3d.js sets self.ModelViewerElement
// (self-hosted decoder locations) before importing this.
import "@google/model-viewer";
