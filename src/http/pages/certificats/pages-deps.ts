// What the registration-authority pages need: the page frame and the certification services.
import type { CertificationDeps } from '../../../certification/deps.ts';
import type { FrameDeps } from '../../ui/app-frame.ts';

export interface CertificationPagesDeps extends FrameDeps {
  certification: CertificationDeps;
}
