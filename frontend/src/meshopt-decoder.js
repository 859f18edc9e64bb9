// The EXT_meshopt_compression decoder, self-hosted: model-viewer loads it as a classic script
// (its default would be a CDN, unreachable offline). Our pipeline's GLBs are meshopt-compressed.
import { MeshoptDecoder } from "three/examples/jsm/libs/meshopt_decoder.module.js";

self.MeshoptDecoder = MeshoptDecoder;
