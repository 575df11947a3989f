# OWL 2 RL prp-spo2 for chains of two: dk:hasTarget then dk:inPathway gives dk:actsOnPathway.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x ?property ?z . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?x ?property ?z } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> { ?property owl:propertyChainAxiom ( ?first ?second ) }
  ?x ?first ?y .
  ?y ?second ?z .
  FILTER NOT EXISTS { ?x ?property ?z }
}
