"""Namespaces and every ontology term the mapping writes; a test checks them against ontology/.

Terms are pyoxigraph NamedNodes so the mapping builds quads without string IRIs.
"""
from __future__ import annotations

from pyoxigraph import NamedNode

DK = "https://w3id.org/drugkg/ontology#"
ID = "https://w3id.org/drugkg/id/"
PREFIXES = {
    "dk": DK,
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}
ID_KINDS = (
    "drug", "product", "organization", "target", "condition", "severity", "substance-class",
    "population", "design", "tag", "scheme", "route", "publication", "dosing", "trial",
    "site", "source", "indication", "pathway", "graph", "dataset", "regulatory-event", "regulatory-step", "storage",
    "lactation", "question", "strength", "criterion", "trial-update", "effect", "linkset", "statement",
    "drug-class",
)
EXPORT_PREFIXES = {
    **{name: iri for name, iri in PREFIXES.items() if name != "id"},
    **{kind: f"{ID}{kind}/" for kind in ID_KINDS},
}
"""Prefixes for Turtle/TriG output: one per kind of entity, so IRIs print as ``drug:anakinra``."""


def curie(iri: str) -> str:
    """An IRI shortened with the export prefixes (``drug:anakinra``), else as it is."""
    best = max((base for base in EXPORT_PREFIXES.values() if iri.startswith(base)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(name for name, base in EXPORT_PREFIXES.items() if base == best)
    return f"{prefix}:{iri[len(best):]}"


def _term(prefix: str, local: str) -> NamedNode:
    return NamedNode(PREFIXES[prefix] + local)


RDF_TYPE = _term("rdf", "type")
RDFS_LABEL = _term("rdfs", "label")
RDFS_COMMENT = _term("rdfs", "comment")
SKOS_CONCEPT = _term("skos", "Concept")
SKOS_CONCEPT_SCHEME = _term("skos", "ConceptScheme")
SKOS_PREF_LABEL = _term("skos", "prefLabel")
SKOS_ALT_LABEL = _term("skos", "altLabel")
SKOS_IN_SCHEME = _term("skos", "inScheme")
SKOS_EXACT_MATCH = _term("skos", "exactMatch")
SKOS_NARROW_MATCH = _term("skos", "narrowMatch")
DCT_TITLE = _term("dct", "title")
DCT_DATE = _term("dct", "date")
DCT_DESCRIPTION = _term("dct", "description")
DCT_PUBLISHER = _term("dct", "publisher")
DCT_FORMAT = _term("dct", "format")
PROV_DERIVED_FROM = _term("prov", "wasDerivedFrom")
PROV_ENTITY = _term("prov", "Entity")
FOAF_HOMEPAGE = _term("foaf", "homepage")
SCHEMA_STRENGTH_VALUE = _term("schema", "strengthValue")
SCHEMA_STRENGTH_UNIT = _term("schema", "strengthUnit")
DCT_SOURCE = _term("dct", "source")
DCT_LICENSE = _term("dct", "license")
DCT_ISSUED = _term("dct", "issued")
DCT_CONFORMS_TO = _term("dct", "conformsTo")
VOID_DATASET = _term("void", "Dataset")
DCAT_DATASET = _term("dcat", "Dataset")
VOID_TRIPLES = _term("void", "triples")
VOID_ENTITIES = _term("void", "entities")
VOID_CLASSES = _term("void", "classes")
VOID_PROPERTIES = _term("void", "properties")
VOID_DISTINCT_SUBJECTS = _term("void", "distinctSubjects")
VOID_CLASS_PARTITION = _term("void", "classPartition")
VOID_CLASS = _term("void", "class")
VOID_VOCABULARY = _term("void", "vocabulary")

# classes
DRUG = _term("dk", "Drug")
PRODUCT = _term("dk", "Product")
ORGANIZATION = _term("dk", "Organization")
TARGET = _term("dk", "Target")
CONDITION = _term("dk", "Condition")
PUBLICATION = _term("dk", "Publication")
STUDY_DESIGN = _term("dk", "StudyDesign")
POPULATION_GROUP = _term("dk", "PopulationGroup")
SEVERITY = _term("dk", "Severity")
SUBSTANCE_CLASS = _term("dk", "SubstanceClass")
TAG = _term("dk", "Tag")
ROUTE = _term("dk", "Route")
DOSING_REGIMEN = _term("dk", "DosingRegimen")
DOSE_STEP = _term("dk", "DoseStep")
STUDY_ARM = _term("dk", "StudyArm")
TREATMENT_ARM = _term("dk", "TreatmentArm")
CONTROL_ARM = _term("dk", "ControlArm")
ACTIVE_COMPARATOR_ARM = _term("dk", "ActiveComparatorArm")
CONTROL_KIND = _term("dk", "ControlKind")
REPORTED_RESULT = _term("dk", "ReportedResult")
CLINICAL_TRIAL = _term("dk", "ClinicalTrial")
TRIAL_SITE = _term("dk", "TrialSite")
SOURCE_DOCUMENT = _term("dk", "SourceDocument")
MANUFACTURER = _term("dk", "Manufacturer")
REGULATOR = _term("dk", "Regulator")
REGULATORY_EVENT = _term("dk", "RegulatoryEvent")
REGULATORY_STEP = _term("dk", "RegulatoryStep")
INDICATION = _term("dk", "Indication")
GUIDANCE = _term("dk", "Guidance")
MEDICINES_QUESTION = _term("dk", "MedicinesQuestion")
STORAGE_CONDITION = _term("dk", "StorageCondition")
LACTATION_ADVICE = _term("dk", "LactationAdvice")
DRUG_STRENGTH = _term("dk", "DrugStrength")
BIOMARKER_CRITERION = _term("dk", "BiomarkerCriterion")
TRIAL_UPDATE = _term("dk", "TrialUpdate")
EFFECT_SIZE = _term("dk", "EffectSize")
LINK_SET = _term("dk", "LinkSet")
PATHWAY = _term("dk", "Pathway")
DESIGN_KIND_CLASSES = {
    "interventional": _term("dk", "InterventionalDesign"),
    "randomized": _term("dk", "RandomizedDesign"),
    "non-randomized": _term("dk", "NonRandomizedDesign"),
    "controlled": _term("dk", "ControlledDesign"),
    "uncontrolled": _term("dk", "UncontrolledDesign"),
    "double-blind": _term("dk", "DoubleBlindDesign"),
    "single-blind": _term("dk", "SingleBlindDesign"),
    "open-label": _term("dk", "OpenLabelDesign"),
    "observational": _term("dk", "ObservationalDesign"),
    "cohort": _term("dk", "CohortDesign"),
    "case-report": _term("dk", "CaseReportDesign"),
    "case-series": _term("dk", "CaseSeriesDesign"),
    "case-control": _term("dk", "CaseControlDesign"),
    "cross-sectional": _term("dk", "CrossSectionalDesign"),
    "preclinical": _term("dk", "PreclinicalDesign"),
    "evidence-synthesis": _term("dk", "EvidenceSynthesisDesign"),
}
"""The class of design concepts each kind of design a tag names belongs to."""

# drug
HAS_PRODUCT = _term("dk", "hasProduct")
HAS_TARGET = _term("dk", "hasTarget")
IN_PATHWAY = _term("dk", "inPathway")
GENERAL_INFORMATION = _term("dk", "generalInformation")
PROTEIN_SEQUENCE = _term("dk", "proteinSequence")
RESEARCH_PHASE = _term("dk", "researchPhase")
THERAPEUTIC_ROLE = _term("dk", "therapeuticRole")
DRUG_STATUS = _term("dk", "drugStatus")
STATED_SUPPORTING = _term("dk", "statedSupportingReferences")
STATED_CONTRADICTORY = _term("dk", "statedContradictoryReferences")
STATED_AI_SUGGESTED = _term("dk", "statedAiSuggestedReferences")
STATED_TRIALS = _term("dk", "statedClinicalTrials")

# evidence
SUPPORTING_REFERENCE = _term("dk", "supportingReference")
CONTRADICTORY_REFERENCE = _term("dk", "contradictoryReference")
AI_SUGGESTED_REFERENCE = _term("dk", "aiSuggestedReference")
HAS_TAG = _term("dk", "hasTag")
HAS_STUDY_DESIGN = _term("dk", "studyDesign")
CONCERNS_TARGET = _term("dk", "concernsTarget")
CONCERNS_CONDITION = _term("dk", "concernsCondition")
STUDIED_POPULATION = _term("dk", "studiedPopulation")
STUDIED_CONDITION = _term("dk", "studiedCondition")
STUDIED_GROUP = _term("dk", "studiedGroup")
DISEASE_SEVERITY = _term("dk", "diseaseSeverity")
HAS_SUBSTANCE_CLASS = _term("dk", "substanceClass")
POPULATION_DESCRIPTION = _term("dk", "populationDescription")
IMPACT_FACTOR = _term("dk", "impactFactor")
NOTES = _term("dk", "notes")
SAMPLE_SIZE = _term("dk", "sampleSize")
SAMPLE_SIZE_TEXT = _term("dk", "sampleSizeText")
ENDPOINT = _term("dk", "endpoint")
CO_MEDICATION = _term("dk", "coMedication")
HAS_DOSING = _term("dk", "dosing")
DOSE_TEXT = _term("dk", "doseText")
DOSAGE_TEXT = _term("dk", "dosageText")
HAS_DOSE_STEP = _term("dk", "doseStep")
STEP_NUMBER = _term("dk", "stepNumber")
DOSE_AMOUNT = _term("dk", "doseAmount")
DOSE_AMOUNT_MAX = _term("dk", "doseAmountMax")
DOSE_UNIT = _term("dk", "doseUnit")
FREQUENCY = _term("dk", "frequency")
DOSES_PER_DAY = _term("dk", "dosesPerDay")
FIRST_DAY = _term("dk", "firstDay")
LAST_DAY = _term("dk", "lastDay")
DURATION_DAYS = _term("dk", "durationDays")
DAILY_DOSE_AMOUNT = _term("dk", "dailyDoseAmount")
DAILY_DOSE_AMOUNT_MAX = _term("dk", "dailyDoseAmountMax")
DOSES_PER_DAY_MAX = _term("dk", "dosesPerDayMax")
DOSE_UNIT_QUESTIONABLE = _term("dk", "doseUnitQuestionable")
HAS_STUDY_ARM = _term("dk", "studyArm")
ARM_SIZE = _term("dk", "armSize")
ARM_NUMBER = _term("dk", "armNumber")
ARM_DESCRIPTION = _term("dk", "armDescription")
HAS_CONTROL_KIND = _term("dk", "controlKind")
PARTICIPANTS_TREATED = _term("dk", "participantsTreated")
PARTICIPANTS_CONTROL = _term("dk", "participantsControl")
PARTICIPANTS_COMPARATOR = _term("dk", "participantsComparator")
REPORTS_RESULT = _term("dk", "reportsResult")
RESULT_MEASURE = _term("dk", "resultMeasure")
RESULT_VALUE = _term("dk", "resultValue")
RESULT_UNIT = _term("dk", "resultUnit")
RESULT_DENOMINATOR = _term("dk", "resultDenominator")
HAS_ROUTE = _term("dk", "route")

# trials
NCT_ID = _term("dk", "nctId")
INVESTIGATES_DRUG = _term("dk", "investigatesDrug")
TRIAL_STATUS = _term("dk", "trialStatus")
TRIAL_PHASE = _term("dk", "trialPhase")
START_DATE = _term("dk", "startDate")
COMPLETION_DATE = _term("dk", "completionDate")
ALTERNATIVE_ID = _term("dk", "alternativeId")
INTERVENTION = _term("dk", "intervention")
STUDY_TYPE = _term("dk", "studyType")
RESULTS_STATUS = _term("dk", "resultsStatus")
HAS_TRIAL_SITE = _term("dk", "trialSite")
COUNTRY = _term("dk", "country")
ENROLLMENT = _term("dk", "enrollment")
ELIGIBLE_AGES = _term("dk", "eligibleAges")
OUTCOME_MEASURE = _term("dk", "outcomeMeasure")
DESIGN_FIELDS = {
    "Allocation": _term("dk", "allocation"),
    "Intervention Model": _term("dk", "interventionModel"),
    "Masking": _term("dk", "masking"),
    "Primary Purpose": _term("dk", "primaryPurpose"),
}
DESIGN_NOTE = _term("dk", "designNote")

# products, regulation and guidance (SPS pages)
MANUFACTURED_BY = _term("dk", "manufacturer")
PRESENTATION_OF = _term("dk", "presentationOf")
HAS_STRENGTH = _term("dk", "strength")
HAS_INDICATION = _term("dk", "indication")
LICENCE_STATUS = _term("dk", "licenceStatus")
CONCERNS_PRODUCT = _term("dk", "concernsProduct")
CONCERNS_DRUG = _term("dk", "concernsDrug")
REGULATED_BY = _term("dk", "regulator")
HAS_REGULATORY_STEP = _term("dk", "regulatoryStep")
REGION = _term("dk", "region")
ELIGIBILITY_CRITERION = _term("dk", "eligibilityCriterion")
BIOMARKER = _term("dk", "biomarker")
BIOMARKER_NAME = _term("dk", "biomarkerName")
COMPARATOR = _term("dk", "comparator")
THRESHOLD_VALUE = _term("dk", "thresholdValue")
UNIT_CODE = _term("dk", "unitCode")
MAX_TEMPERATURE_C = _term("dk", "maxTemperatureCelsius")
MAX_DURATION_H = _term("dk", "maxDurationHours")
MAY_RETURN_TO_REFRIGERATOR = _term("dk", "mayReturnToRefrigerator")
DISPOSE_AFTER_EXCURSION = _term("dk", "disposeAfterExcursion")
ADVICE = _term("dk", "advice")
ISSUED_BY = _term("dk", "issuedBy")
SUBSTANCE_DESCRIPTION = _term("dk", "substanceDescription")
SAFETY_VERDICT = _term("dk", "safetyVerdict")
MENTIONS_DRUG = _term("dk", "mentionsDrug")
CANDIDATE_THERAPY = _term("dk", "candidateTherapy")
AFTER_FAILURE_OF = _term("dk", "afterFailureOf")
THERAPY_LINE = _term("dk", "therapyLine")
CONDITION_CONTEXT = _term("dk", "conditionContext")
ABOUT_TRIAL = _term("dk", "aboutTrial")
TRIAL_ACRONYM = _term("dk", "trialAcronym")
REPORTED_PARTICIPANTS = _term("dk", "reportedParticipants")
PUBLISHED_IN = _term("dk", "publishedIn")
HAS_EFFECT_SIZE = _term("dk", "effectSize")
MEASURE = _term("dk", "measure")
ESTIMATE = _term("dk", "estimate")
CI_LEVEL = _term("dk", "ciLevel")
CI_LOWER = _term("dk", "ciLower")
CI_UPPER = _term("dk", "ciUpper")
P_VALUE = _term("dk", "pValue")
P_COMPARATOR = _term("dk", "pComparator")
REPORTS_PUBLICATION = _term("dk", "reportsPublication")
REPORTS_TRIAL = _term("dk", "reportsTrial")

# one node per thing: link sets, drug classes (data/lexicon/drug-classes.tsv)
POSSIBLE_DUPLICATE_OF = _term("dk", "possibleDuplicateOf")
MATCH_REASON = _term("dk", "matchReason")
DRUG_CLASS = _term("dk", "DrugClass")
IN_DRUG_CLASS = _term("dk", "inDrugClass")
SKOS_HIDDEN_LABEL = _term("skos", "hiddenLabel")
SKOS_NOTATION = _term("skos", "notation")
SKOS_BROADER = _term("skos", "broader")

# how a reference's evidence was made (ECO class; Biolink knowledge level and agent type)
EVIDENCE_CODE = _term("dk", "evidenceCode")
KNOWLEDGE_LEVEL = _term("dk", "knowledgeLevel")
AGENT_TYPE = _term("dk", "agentType")
NOTES_KNOWLEDGE_LEVEL = _term("dk", "notesKnowledgeLevel")
NOTES_AGENT_TYPE = _term("dk", "notesAgentType")

# provenance
SOURCE_LINE = _term("dk", "sourceLine")
RDF_SUBJECT = _term("rdf", "subject")
RDF_PREDICATE = _term("rdf", "predicate")
RDF_OBJECT = _term("rdf", "object")
LINE_NUMBER = _term("dk", "lineNumber")
IN_DOCUMENT = _term("dk", "inDocument")
SHA256 = _term("dk", "sha256")
FILE_NAME = _term("dk", "fileName")
