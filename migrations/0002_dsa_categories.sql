-- Schema v2: each policy can name the DSA Transparency Database category it falls under, so
-- cases can be exported as statements of reasons ('casetool export --format dsa-sor').
-- Keys are the current (July 2025) STATEMENT_CATEGORY_* keys; casetool checks them on input.

ALTER TABLE policies ADD COLUMN dsa_category TEXT
    CHECK (dsa_category IS NULL OR dsa_category GLOB 'STATEMENT_CATEGORY_[A-Z]*');

-- The catalog shipped in seeds/policies.json, for databases seeded before this migration.
UPDATE policies SET dsa_category = CASE code
    WHEN 'dangerous-organizations' THEN 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY'
    WHEN 'hate-speech' THEN 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH'
    WHEN 'violence-incitement' THEN 'STATEMENT_CATEGORY_VIOLENCE'
    WHEN 'coordinated-inauthentic-behavior' THEN 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS'
    WHEN 'spam' THEN 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC'
    WHEN 'bullying-harassment' THEN 'STATEMENT_CATEGORY_CYBER_VIOLENCE'
    WHEN 'child-safety' THEN 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS'
    WHEN 'adult-nudity' THEN 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC'
    WHEN 'misinformation' THEN 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS'
    WHEN 'suicide-self-injury' THEN 'STATEMENT_CATEGORY_SELF_HARM'
    WHEN 'violent-graphic' THEN 'STATEMENT_CATEGORY_VIOLENCE'
    WHEN 'regulated-goods' THEN 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS'
    WHEN 'fraud-scams' THEN 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'
    WHEN 'intellectual-property' THEN 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS'
    WHEN 'privacy' THEN 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS'
END;
