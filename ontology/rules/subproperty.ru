# OWL 2 RL prp-spo1: a statement with a property also holds with each superproperty.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x ?super ?y . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?x ?super ?y } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> { ?property rdfs:subPropertyOf ?super }
  ?x ?property ?y .
  FILTER NOT EXISTS { ?x ?super ?y }
}
