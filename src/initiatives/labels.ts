/** Vietnamese names of an initiative's kind, topic and recognition level (chat, CLI and documents share them). */
import type { InitiativeKind, InitiativeTopic, RecognitionLevel } from '../store/initiatives.js';

export const KIND_LABELS: Record<InitiativeKind, string> = {
  'sang-kien': 'Sáng kiến',
  'sang-kien-kinh-nghiem': 'Sáng kiến kinh nghiệm',
  'mo-hinh': 'Mô hình',
  'giai-phap': 'Giải pháp',
};

export const TOPIC_LABELS: Record<InitiativeTopic, string> = {
  'chuyen-doi-so': 'Chuyển đổi số (chung)',
  'chinh-quyen-so': 'Chính quyền số',
  'kinh-te-so': 'Kinh tế số',
  'xa-hoi-so': 'Xã hội số',
};

export const LEVEL_LABELS: Record<RecognitionLevel, string> = {
  'co-so': 'cấp cơ sở',
  tinh: 'cấp tỉnh',
  'toan-quoc': 'cấp toàn quốc',
};
